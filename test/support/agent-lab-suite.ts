// The frame every agent lab suite (test/e2e/agent-*.test.ts) shares: its own namespace and work directories, the
// reason it skips, the lab plus Ferro's servers started in beforeAll, and a teardown that stops the VMs and BMCs it
// made, prints the conductor's last lines when something failed and keeps the run directory for a look.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDeployRamdisk } from './agent-lab.js';
import { startAgentLabServers, type AgentLabServers } from './agent-lab-servers.js';
import { ipmiSimUnavailable } from './ipmi-sim.js';
import { labUnavailable, runCommand, startLab, type Lab } from './lab.js';
import { ensureTestRamdisk } from './pxe-lab.js';

/** Where the suites find iPXE's binaries (Debian package ipxe). */
export const LAB_IPXE_DIR = process.env.FERRO_IPXE_DIR ?? '/usr/lib/ipxe';

/** What one suite is called and needs. */
export interface AgentLabSuiteOptions {
  /** Short name: namespace `ferro-<name>` (LAB_NS overrides), work directory <tmp>/ferro-<name>-lab. */
  name: string;
  /** The suite drives ipmi_sim and ipmitool. */
  needsIpmi?: boolean;
  /** Other programs it runs besides the lab's (qemu-img is always checked). */
  tools?: readonly string[];
}

/**
 * Points the lab's build and cache directories at the suite's own work directory (unless set) and returns why
 * the suite cannot run here, or undefined; a reason is also printed, so a skipped suite says why.
 */
export async function agentLabSkipReason(options: AgentLabSuiteOptions): Promise<string | undefined> {
  const work = join(tmpdir(), `ferro-${options.name}-lab`);
  process.env.LAB_BUILD_DIR ??= join(work, 'build');
  process.env.LAB_CACHE_DIR ??= join(work, 'cache');
  const tools = ['qemu-img', ...(options.tools ?? [])];
  const missingTools = (await runCommand('sh', ['-c', `command -v ${tools.join(' ')} >/dev/null && test -f ${LAB_IPXE_DIR}/undionly.kpxe`])).code !== 0
    ? `${tools.join(', ')} or ${LAB_IPXE_DIR}/undionly.kpxe is missing (Debian packages qemu-utils, ipxe and the tools' own)`
    : undefined;
  const why = (await labUnavailable()) ?? (options.needsIpmi === true ? await ipmiSimUnavailable() : undefined) ?? missingTools;
  if (why !== undefined) console.warn(`SKIP agent lab suite ${options.name}: ${why}`);
  return why;
}

/** A running agent lab: the namespace with its bridge, and Ferro serving it. */
export interface AgentLabSuite {
  lab: Lab;
  servers: AgentLabServers;
  /** Remembers a failure: the teardown then prints the conductor's output and keeps the run directory. */
  markFailed(): void;
  /** Stops `vms` and their BMCs, Ferro and the lab; `before` runs first (e.g. stop a process in the namespace). */
  stop(vms: readonly string[], before?: () => Promise<void>): Promise<void>;
}

/**
 * Builds what is missing (the lab's test ramdisk, the agent bundle and deploy ramdisk), brings the lab up in the
 * suite's namespace and starts Ferro's servers with `env` on top of the lab defaults (test/support/agent-lab-servers.ts).
 */
export async function startAgentLabSuite(
  options: AgentLabSuiteOptions & { taps: number; keeper: string; env?: Record<string, string> },
): Promise<AgentLabSuite> {
  await ensureTestRamdisk(process.env.LAB_BUILD_DIR ?? join(tmpdir(), `ferro-${options.name}-lab`, 'build'));
  await ensureDeployRamdisk();
  const lab = await startLab({ taps: options.taps, namespace: process.env.LAB_NS ?? `ferro-${options.name}` });
  let servers: AgentLabServers;
  try {
    servers = await startAgentLabServers(lab, { ipxeDir: LAB_IPXE_DIR, keeper: options.keeper, env: options.env ?? {} });
  } catch (error) {
    await lab.stop();
    throw error;
  }
  const keep = process.env.FERRO_E2E_KEEP === '1';
  let failed = false;
  const stop = async (vms: readonly string[], before?: () => Promise<void>): Promise<void> => {
    if (failed) console.warn(`conductor output (last lines):\n${servers.conductor.output().split('\n').slice(-80).join('\n')}`);
    await before?.();
    const problems = await servers.stop();
    for (const vm of vms) {
      if (existsSync(join(lab.runDir, 'vms', vm, 'vm.env'))) await lab.script('vm.sh', ['stop', vm]);
      await lab.script('bmc.sh', ['stop', vm]);
    }
    problems.push(...await lab.stop({ keepRunDir: keep || failed }));
    if (keep || failed) console.warn(`lab run directory kept: ${lab.runDir}`);
    if (problems.length > 0) console.warn(`lab teardown: ${problems.join('; ')}`);
  };
  return { lab, servers, markFailed: () => { failed = true; }, stop };
}
