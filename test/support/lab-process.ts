// Long-running processes inside the lab namespace (Ferro's conductor, its Redfish emulator), reached from the
// host through the lab's own TCP forward (lab-forward.sh), and stopped by the PID this module started.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './conductor-process.js';
import { freeLabPort, type Lab } from './lab.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A process started in the lab namespace, with a host port forwarded to its namespace port. */
export interface LabProcess {
  readonly pid: number;
  /** The port it listens on inside the namespace (127.0.0.1 there). */
  readonly labPort: number;
  /** http://127.0.0.1:<host port>: the forward from the host. */
  readonly hostUrl: string;
  /** Everything the process wrote so far. */
  output(): string;
  /** Removes the forward, then SIGTERM (SIGKILL after `graceMs`) to this PID only. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node --import tsx <script> ...args` with `ip netns exec` (which execs, so the child's PID is node's),
 * forwards a free host port to `labPort`, and waits until `readyPath` answers through the forward.
 */
export async function startLabProcess(
  lab: Lab,
  options: {
    script: string;
    args: readonly string[];
    env: Record<string, string>;
    labPort: number;
    readyPath: string;
    timeoutMs?: number;
  },
): Promise<LabProcess> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LAB_RUN_DIR: lab.runDir,
    LAB_NS: lab.namespace,
    ...options.env,
  };
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      lab.namespace,
      process.execPath,
      '--import',
      'tsx',
      resolve(ROOT, options.script),
      ...options.args,
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;
  const hostPort = await freePort();
  let forwarded = false;
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (forwarded) await lab.script('lab-forward.sh', ['stop', String(hostPort)]);
    forwarded = false;
    if (!isRunning()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  try {
    await lab.mustScript('lab-forward.sh', ['start', String(hostPort), String(options.labPort)]);
    forwarded = true;
    const hostUrl = `http://127.0.0.1:${hostPort}`;
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      if (!isRunning()) throw new Error(`${options.script} exited early:\n${out}`);
      const answered = await fetch(`${hostUrl}${options.readyPath}`, { signal: AbortSignal.timeout(2000) }).then(
        (res) => res.ok,
        () => false,
      );
      if (answered) break;
      if (Date.now() > deadline)
        throw new Error(`${options.script} did not answer on ${options.labPort} in the namespace:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { pid: child.pid ?? -1, labPort: options.labPort, hostUrl, output: () => out, stop };
  } catch (error) {
    await stop(2000);
    throw error;
  }
}

/** Ferro's conductor inside the namespace (so it reaches the BMCs on the namespace's 127.0.0.1), SQLite in the run dir. */
export async function startLabConductor(lab: Lab, env: Record<string, string> = {}, options: { labPort?: number } = {}): Promise<LabProcess> {
  const dataDir = join(lab.runDir, 'conductor');
  mkdirSync(dataDir, { recursive: true });
  const labPort = options.labPort ?? await freeLabPort(lab, 16446);
  return startLabProcess(lab, {
    script: 'conductor/main.ts',
    args: [],
    labPort,
    readyPath: '/',
    env: {
      FERRO_API_HOST: '127.0.0.1',
      FERRO_API_PORT: String(labPort),
      FERRO_DATA_DIR: dataDir,
      FERRO_DATABASE_URL: `sqlite://${join(dataDir, 'ferro.db')}`,
      FERRO_LOG_LEVEL: 'info',
      ...env,
    },
  });
}

/**
 * Ferro's Redfish emulator (tools/redfish-emulator) for a lab node, inside the namespace, driving the node's QEMU
 * over QMP. A powered-off VM has no QEMU and so no QMP: power on runs the lab's `vm.sh start`, as the lab's own
 * bmc/redfish-bmc.py does.
 */
export async function startLabRedfishEmulator(
  lab: Lab,
  node: string,
  options: { mockupDir: string; preferredPort: number },
): Promise<LabProcess> {
  const labPort = await freeLabPort(lab, options.preferredPort);
  return startLabProcess(lab, {
    script: 'tools/redfish-emulator/main.ts',
    labPort,
    readyPath: '/redfish/v1',
    env: {},
    args: [
      '--mockup',
      options.mockupDir,
      '--port',
      String(labPort),
      '--quiet',
      '--qmp',
      join(lab.runDir, 'vms', node, 'qmp.sock'),
      '--power-on-command',
      `${join(lab.dir, 'vm.sh')} start ${node}`,
    ],
  });
}
