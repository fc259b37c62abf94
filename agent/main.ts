// The agent's composition root (STYLE §1): the only place that reads argv, the environment and the kernel
// command line, and that picks real implementations (agent/disk/, agent/image/, run-command, the clock).
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { systemClock } from '../core/index.js';
import { AGENT_VERSION } from './agent-version.js';
import { createConsoleMarker } from './console-marker.js';
import { collectSystemLogs } from './commands/system-logs.js';
import { prepareImage } from './commands/prepare-image.js';
import type { PowerAction } from './commands/standby-extension.js';
import { AgentConfigError, loadAgentConfig, type AgentConfig } from './config.js';
import { createAgentLogger } from './create-agent-logger.js';
import { eraseDevices, eraseDevicesMetadata } from './disk/erase.js';
import { createLabFlashManager } from './disk/lab-flash-manager.js';
import { listDisks } from './disk/list-disks.js';
import { chooseRootDevice } from './disk/root-device-hints.js';
import { createSoftwareRaid, deleteSoftwareRaid, softwareRaidRootDevice } from './disk/software-raid.js';
import { createGenericManager } from './hardware-managers/generic-manager.js';
import type { HardwareManager } from './hardware-managers/hardware-manager.js';
import { collectInventory } from './hardware-managers/inventory/collect-inventory.js';
import { loadLldpSockets } from './hardware-managers/inventory/lldp/lldp-socket.js';
import { startLldpCollection } from './hardware-managers/inventory/lldp/start-lldp-collection.js';
import type { LldpByDevice } from './hardware-managers/inventory/lldp/collect-lldp.js';
import { readNetworkInterfaces } from './hardware-managers/inventory/read-network-interfaces.js';
import { withSimulatedInterface, withSimulatedNic } from './hardware-managers/inventory/with-simulated-nic.js';
import { realSystemPaths } from './hardware-managers/inventory/system-paths.js';
import { writeImage } from './image/write-image.js';
import { parseAgentArgs } from './parse-agent-args.js';
import { runAgent, type AgentRuntime } from './run-agent.js';
import { runCommand } from './run-command.js';
import type { Logger } from 'pino';

async function main(): Promise<number> {
  const parsed = parseAgentArgs(process.argv.slice(2), AGENT_VERSION);
  if (parsed.kind === 'exit') {
    (parsed.code === 0 ? process.stdout : process.stderr).write(parsed.output);
    return parsed.code;
  }
  let config: AgentConfig;
  try {
    config = loadAgentConfig({
      cmdline: readCmdline(parsed.args.cmdlinePath),
      env: process.env,
      flags: parsed.args.flags,
    });
  } catch (error) {
    if (!(error instanceof AgentConfigError)) throw error;
    process.stderr.write(`ferro-agent: ${error.message}\n`);
    return 2;
  }
  const { log, fileProblem } = createAgentLogger({
    level: config.debug ? 'debug' : 'info',
    logFile: config.logFile,
    stdout: process.stdout,
  });
  if (fileProblem !== undefined) log.warn({ problem: fileProblem }, 'logging to stdout only');
  const marker = createConsoleMarker(config.consolePath, (line) => process.stdout.write(line));
  marker(`FERRO-AGENT started version=${AGENT_VERSION}${config.diskFiles.length > 0 ? ' mode=file-disks' : ''}`);
  const controller = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      controller.abort(new Error(`received ${signal}`));
    });
  try {
    await runAgent(buildRuntime(config, log, marker, parsed.args.cmdlinePath, controller.signal), controller.signal);
    return 0;
  } catch (error) {
    log.error({ error: error instanceof Error ? error.message : String(error) }, 'agent stopped');
    marker(`FERRO-AGENT failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function buildRuntime(
  config: AgentConfig,
  log: Logger,
  marker: (text: string) => void,
  cmdlinePath: string,
  signal: AbortSignal,
): AgentRuntime {
  const env = { fileDisks: config.diskFiles };
  const fileMode = config.diskFiles.length > 0;
  const lldp = startLldp(config, fileMode, log, signal);
  const inventorySources = {
    paths: realSystemPaths,
    listDisks: (signal?: AbortSignal) => listDisks(env, signal),
    run: runCommand,
    networkInterfaces,
    hostname,
    nodeArch: process.arch,
    bootif: config.bootif,
    log,
    lldp: () => lldp,
  };
  return {
    config,
    version: AGENT_VERSION,
    log,
    clock: systemClock,
    random: Math.random,
    marker,
    managers: (_state, prepare) => [
      createGenericManager({
        version: AGENT_VERSION,
        listDisks: (signal) => listDisks(env, signal),
        chooseRootDevice,
        eraseDevicesMetadata,
        eraseDevices,
        createSoftwareRaid,
        deleteSoftwareRaid,
        // File-disk mode must never look at the host's md devices.
        softwareRaidRootDevice: fileMode ? () => Promise.resolve(undefined) : softwareRaidRootDevice,
        writeImage: prepare,
      }),
      ...optionalManager(() => createLabFlashManager(env), log),
    ],
    prepareImage: (dispatcher) => (imageInfo, configdrive, ctx) =>
      prepareImage({ dispatcher, writeImage, log }, imageInfo, configdrive, ctx),
    sync: async (signal) => {
      await runCommand('sync', [], { signal });
    },
    powerAction: (action, signal) => powerAction(action, fileMode, marker, log, signal),
    listMacAddresses: async () => {
      const nics = await readNetworkInterfaces(realSystemPaths, networkInterfaces());
      return (fileMode ? withSimulatedInterface(nics, config.bootif) : nics).map((n) => n.mac_address);
    },
    collectInventory: async (signal) => {
      const inventory = await collectInventory(inventorySources, signal);
      return fileMode ? withSimulatedNic(inventory, inventorySources.bootif) : inventory;
    },
    collectSystemLogs: (signal) => collectSystemLogs({ run: runCommand, logFile: config.logFile, cmdlinePath, signal }),
  };
}

/**
 * LLDP listening starts with the agent (ipa-collect-lldp), so its wait overlaps lookup and the inventory. Not in
 * file-disk mode: the host's NICs are not the simulated machine's.
 */
function startLldp(config: AgentConfig, fileMode: boolean, log: Logger, signal: AbortSignal): Promise<LldpByDevice | undefined> {
  if (!config.collectLldp) return Promise.resolve(undefined);
  if (fileMode) {
    log.info('LLDP is not collected in file-disk mode');
    return Promise.resolve(undefined);
  }
  return startLldpCollection({
    paths: realSystemPaths,
    addresses: networkInterfaces(),
    load: () => loadLldpSockets(),
    clock: systemClock,
    timeoutMs: config.lldpTimeoutS * 1000,
    log,
    signal,
  });
}

/** Power actions are real in the ramdisk; in file-disk (test/demo) mode they are only recorded. */
async function powerAction(
  action: PowerAction,
  fileMode: boolean,
  marker: (text: string) => void,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  if (fileMode) {
    marker(`FERRO-AGENT ${action} requested (file-disk mode: not performed)`);
    return;
  }
  log.info({ action }, 'powering the machine off or rebooting now');
  await runCommand(action === 'reboot' ? 'reboot' : 'poweroff', ['-f'], { signal });
}

/** A manager whose module is missing or broken is skipped with a warning; the generic one still works. */
function optionalManager(create: () => HardwareManager, log: Logger): HardwareManager[] {
  try {
    return [create()];
  } catch (error) {
    log.warn({ error: error instanceof Error ? error.message : String(error) }, 'hardware manager not available');
    return [];
  }
}

function readCmdline(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

process.exitCode = await main();
