// A machine without a VM, for cross-folder tests of the conductor with the real agent process: it "boots" what a
// real machine would. It follows its node through the API (fake power: on, off, reboots seen as a new
// last_power_state_change) and, whenever it is powered on in a state that boots the ramdisk, does what iPXE
// does: fetches its script from Ferro's HTTP boot server (GET /ipxe/<mac>), takes the kernel command line from
// its `kernel` line, and starts the agent with that command line and file-backed disks. Power off kills the
// agent, as pulling the plug would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { api } from './api-client.js';

const ROOT = resolve(import.meta.dirname, '../..');
const RAMDISK_STATES = new Set(['deploying', 'wait call-back', 'cleaning', 'clean wait', 'inspecting', 'inspect wait', 'servicing', 'service wait', 'rescuing', 'rescue wait']);

/** What the simulated machine is made of. */
export interface MachineOptions {
  apiUrl: string;
  bootUrl: string;
  node: string;
  mac: string;
  diskFiles: readonly string[];
  /** Where the agent's log and its kernel command line go. */
  workDir: string;
  agentPort: number;
  /** Extra agent CLI arguments. */
  agentArgs?: readonly string[];
}

/** A running simulation. */
export interface SimulatedMachine {
  /** How many times the agent was started (one per ramdisk boot). */
  boots(): number;
  /** Everything the agents wrote. */
  output(): string;
  /** Kills the running agent (SIGKILL), as a crash inside the ramdisk would; the ramdisk's supervisor restarts it. */
  killAgent(): void;
  stop(): Promise<void>;
}

interface NodeView {
  power_state: string | null;
  provision_state: string;
  driver_internal_info: Record<string, unknown>;
}

/** The kernel command line of the first `kernel` line of an iPXE script (after the URL). */
export function kernelCommandLine(script: string): string {
  const line = script.split('\n').find((l) => /^kernel\b/.test(l.trim()));
  if (line === undefined) throw new Error(`the boot script has no kernel line:\n${script}`);
  const words = line.trim().split(/\s+/).filter((w) => !w.startsWith('--'));
  // kernel [--timeout N] [--name kernel] URL args... && initrd ...
  const args = words.slice(2);
  const end = args.indexOf('&&');
  return (end === -1 ? args : args.slice(0, end)).join(' ');
}

/** Starts following the node; resolves once the first poll answered. */
export async function simulateMachine(options: MachineOptions): Promise<SimulatedMachine> {
  let agent: ChildProcess | undefined;
  let boots = 0;
  let out = '';
  let lastChange: unknown;
  let stopped = false;
  let lastCmdline = '';
  mkdirSync(options.workDir, { recursive: true });

  const kill = (): void => {
    if (agent !== undefined && agent.exitCode === null && agent.signalCode === null) agent.kill('SIGKILL');
    agent = undefined;
  };
  const boot = async (): Promise<void> => {
    const res = await fetch(`${options.bootUrl}/ipxe/${options.mac.replaceAll(':', '-')}`);
    const script = await res.text();
    if (!res.ok || !/^kernel\b/m.test(script)) return; // nothing to boot from the network (e.g. active)
    const cmdline = `${kernelCommandLine(script)} ferro-disk-files=${options.diskFiles.join(',')}`;
    const cmdlineFile = join(options.workDir, `cmdline-${String(boots)}`);
    writeFileSync(cmdlineFile, cmdline);
    boots += 1;
    out += `--- boot ${String(boots)}: ${cmdline}\n`;
    rmSync(runDir, { recursive: true, force: true }); // /run is a tmpfs: a boot starts without it
    startAgent(cmdlineFile);
  };
  const runDir = join(options.workDir, 'run');
  const startAgent = (cmdlineFile: string): void => {
    lastCmdline = cmdlineFile;
    agent = spawn(process.execPath, [
      join(ROOT, 'dist/agent/ferro-agent.mjs'), '--cmdline', cmdlineFile, '--listen-host', '127.0.0.1',
      '--listen-port', String(options.agentPort), '--advertise-host', '127.0.0.1',
      '--log-file', join(options.workDir, 'agent.log'), '--console-path', '', '--state-dir', runDir, ...(options.agentArgs ?? []),
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    agent.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  };
  const poll = async (): Promise<void> => {
    const res = await api<NodeView>(options.apiUrl, 'GET', `/v1/nodes/${options.node}`);
    if (res.status !== 200) return;
    const node = res.body;
    const change = node.driver_internal_info['last_power_state_change'];
    const rebooted = change !== lastChange;
    lastChange = change;
    if (node.power_state !== 'power on') { kill(); return; }
    if (rebooted) {
      kill(); // a reset ends whatever ran
      // The firmware boots the network only when the BMC says so (prepare_instance_boot sets the disk).
      const device = await api<{ boot_device: string | null }>(options.apiUrl, 'GET', `/v1/nodes/${options.node}/management/boot_device`);
      if (device.body.boot_device === 'disk') { out += '--- booted the instance from disk\n'; return; }
      if (RAMDISK_STATES.has(node.provision_state)) await boot();
    }
  };
  await poll();
  const loop = (async () => {
    while (!stopped) {
      await poll().catch((error: unknown) => { out += `--- poll failed: ${String(error)}\n`; });
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    boots: () => boots,
    output: () => out,
    killAgent: () => {
      out += '--- agent killed; the supervisor restarts it in 1 s\n';
      kill();
      setTimeout(() => { if (!stopped && lastCmdline !== '') startAgent(lastCmdline); }, 1000);
    },
    stop: async () => { stopped = true; await loop; kill(); },
  };
}
