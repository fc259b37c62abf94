// A switch stand-in for the VM lab: Debian's lldpd announcing on the lab bridge, so the agents in the VMs hear
// LLDP during inspection. The bridge floods frames it sends itself to every port, taps included (a bridge never
// forwards 01:80:c2:00:00:0e between its ports, but these frames start on the bridge). lldpd runs as this
// suite's own process, by PID, with its own control socket and an empty configuration: a system lldpd (or
// another suite's) is never touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, type Lab } from './lab.js';
import { stopChild } from './netns.js';

/** What the stand-in announces, as lldpd itself reports it, and how to stop it. */
export interface LabLldpd {
  systemName: string;
  /** The Chassis ID, a MAC (Ironic's switch_id). */
  chassisId: string;
  /** The Port ID: the bridge's name (port ID subtype ifname). */
  portId: string;
  stop(): Promise<void>;
}

/** Why lldpd cannot run here, or undefined when it can. */
export async function labLldpdUnavailable(): Promise<string | undefined> {
  for (const tool of ['lldpd', 'lldpcli'])
    if ((await runCommand('sh', ['-c', `command -v ${tool}`])).code !== 0) return `${tool} is not installed (Debian package lldpd)`;
  return undefined;
}

/**
 * Starts lldpd on `bridge` in the lab's namespace, sending every `txIntervalS` (1 s: agents hear it within a
 * second; real switches send every 30 s) with `systemName`, and waits until lldpd reports its chassis.
 */
export async function startLabLldpd(lab: Lab, options: { bridge?: string; systemName?: string; txIntervalS?: number } = {}): Promise<LabLldpd> {
  const bridge = options.bridge ?? 'br0';
  const systemName = options.systemName ?? 'ferro-lab-switch';
  const dir = mkdtempSync(join(tmpdir(), 'ferro-lab-lldpd-'));
  chmodSync(dir, 0o755); // lldpcli drops root before it connects to the control socket
  const socket = join(dir, 'lldpd.sock');
  writeFileSync(join(dir, 'empty.conf'), '');
  const child = spawn('ip', ['netns', 'exec', lab.namespace, 'lldpd', '-d', '-u', socket, '-I', bridge, '-O', join(dir, 'empty.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const lldpcli = async (...args: string[]): Promise<string> => {
    const result = await runCommand('ip', ['netns', 'exec', lab.namespace, 'lldpcli', '-u', socket, ...args], { timeoutMs: 10_000 });
    if (result.code !== 0) throw new Error(`lldpcli ${args.join(' ')}: ${result.stderr.trim()}`);
    return result.stdout;
  };
  const stop = async (): Promise<void> => {
    await stopChild(child); // SIGTERM: lldpd's monitor stops its privilege-separated child

    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForControlSocket(child, lldpcli, () => stderr);
    await lldpcli('configure', 'system', 'hostname', systemName);
    await lldpcli('configure', 'lldp', 'portidsubtype', 'ifname');
    await lldpcli('configure', 'lldp', 'tx-interval', String(options.txIntervalS ?? 1));
    const shown = JSON.parse(await lldpcli('-f', 'json', 'show', 'chassis')) as {
      'local-chassis': { chassis: Record<string, { id: { type: string; value: string } }> };
    };
    const chassis = shown['local-chassis'].chassis[systemName];
    if (chassis?.id.type !== 'mac') throw new Error(`lldpd announces chassis ${JSON.stringify(shown)}, not a MAC as ${systemName}`);
    return { systemName, chassisId: chassis.id.value, portId: bridge, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForControlSocket(child: ChildProcess, lldpcli: (...args: string[]) => Promise<string>, stderr: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`lldpd exited with ${String(child.exitCode)}: ${stderr()}`);
    if (await lldpcli('show', 'chassis').then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`lldpd did not answer on its control socket within 10 s: ${stderr()}`);
}
