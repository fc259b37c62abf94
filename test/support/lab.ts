// The shared QEMU VM lab (../shared/lab, see its README) driven through its own scripts, for test/e2e. Every
// script runs with a private LAB_RUN_DIR, so vm.sh, bmc.sh, lab-forward.sh and lab-down.sh only ever see the
// nodes, BMCs and forwards this suite made; the namespace itself may be shared with other users of the lab.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Outcome of one lab script or command run to completion. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args` with `env`, bounded by `timeoutMs`; never rejects (the code says how it went). */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((ok) => {
    execFile(
      file,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        ok({ code, stdout, stderr });
      },
    );
  });
}

/** The lab directory next to the repository (`../shared/lab`). */
export const LAB_DIR = resolve(import.meta.dirname, '../../../shared/lab');

/** Why the lab cannot run here, or undefined when it can: root, the lab scripts, QEMU and network namespaces. */
export async function labUnavailable(labDir = LAB_DIR): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'not running as root (namespaces, taps and QEMU networking need it)';
  if (!existsSync(join(labDir, 'lab-up.sh'))) return `no lab at ${labDir} (../shared/lab is absent)`;
  for (const [tool, pkg] of [
    ['qemu-system-x86_64', 'qemu-system-x86'],
    ['ip', 'iproute2'],
    ['unshare', 'util-linux'],
    ['socat', 'socat'],
    ['python3', 'python3'],
  ] as const) {
    if ((await runCommand('sh', ['-c', `command -v ${tool}`])).code !== 0)
      return `${tool} is not installed (Debian package ${pkg})`;
  }
  if ((await runCommand('unshare', ['--net', 'true'], { timeoutMs: 10_000 })).code !== 0)
    return 'network namespaces do not work here (unshare --net failed)';
  if ((await runCommand('ip', ['netns', 'list'], { timeoutMs: 10_000 })).code !== 0) return '`ip netns list` failed';
  return undefined;
}

/** A running lab: its namespace, private run directory, and what this suite added to it. */
export interface Lab {
  readonly dir: string;
  readonly namespace: string;
  readonly runDir: string;
  /** True when this suite created the namespace (then lab-down.sh removes it again). */
  readonly createdNamespace: boolean;
  /** Runs a lab script (`vm.sh`, `bmc.sh` …) with this lab's settings. */
  script(name: string, args: readonly string[], timeoutMs?: number): Promise<RunResult>;
  /** Like `script`, but throws with the script's stderr unless it exits 0. */
  mustScript(name: string, args: readonly string[], timeoutMs?: number): Promise<string>;
  /** The environment the lab scripts get (LAB_RUN_DIR, LAB_NS). */
  readonly env: NodeJS.ProcessEnv;
  /** Tears down what `startLab` added; returns what it could not do (empty when all went well). */
  stop(options?: { keepRunDir?: boolean }): Promise<string[]>;
}

async function namespaceExists(name: string): Promise<boolean> {
  const listed = await runCommand('ip', ['netns', 'list']);
  return listed.stdout.split('\n').some((line) => line.split(' ')[0] === name);
}

async function linkNames(namespace: string): Promise<Set<string>> {
  const links = await runCommand('ip', ['-n', namespace, '-o', 'link', 'show']);
  return new Set(
    links.stdout
      .split('\n')
      .map((line) => line.split(': ')[1]?.split('@')[0] ?? '')
      .filter((name) => name !== ''),
  );
}

/**
 * `lab-up.sh -n taps` with a private LAB_RUN_DIR. lab-up.sh is idempotent: on an existing namespace it only
 * adds missing taps, which `stop` deletes again; on a new one `stop` runs lab-down.sh.
 */
export async function startLab(options: { taps: number; dir?: string; namespace?: string }): Promise<Lab> {
  const dir = options.dir ?? LAB_DIR;
  const namespace = options.namespace ?? process.env.LAB_NS ?? 'bmlab';
  const runDir = mkdtempSync(join(tmpdir(), 'ferro-e2e-lab-'));
  const env: NodeJS.ProcessEnv = { ...process.env, LAB_RUN_DIR: runDir, LAB_NS: namespace };
  const createdNamespace = !(await namespaceExists(namespace));
  const linksBefore = createdNamespace ? new Set<string>() : await linkNames(namespace);
  const script = (name: string, args: readonly string[], timeoutMs = 120_000): Promise<RunResult> =>
    runCommand(join(dir, name), args, { env, timeoutMs });
  const mustScript = async (name: string, args: readonly string[], timeoutMs?: number): Promise<string> => {
    const result = await script(name, args, timeoutMs);
    if (result.code !== 0) throw new Error(`${name} ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
    return result.stdout;
  };
  await mustScript('lab-up.sh', ['-n', String(options.taps)]);
  const linksAdded = createdNamespace ? [] : [...(await linkNames(namespace))].filter((name) => !linksBefore.has(name));
  const stop = async (stopOptions: { keepRunDir?: boolean } = {}): Promise<string[]> => {
    const problems: string[] = [];
    if (createdNamespace) {
      // lab-down.sh stops what LAB_RUN_DIR records (our nodes, BMCs, forwards) and refuses, without --force,
      // while other processes still run in the namespace: then someone else uses it and it stays.
      let down = await script('lab-down.sh', []);
      if (down.code !== 0) {
        // The forward's per-connection socat children linger briefly after their peer closed; wait, then retry.
        await waitUntil(
          'the lab namespace to empty',
          async () => (await runCommand('ip', ['netns', 'pids', namespace])).stdout.trim() === '',
          10_000,
        ).catch(() => undefined);
        down = await script('lab-down.sh', []);
      }
      if (down.code !== 0) problems.push(`lab-down.sh: ${down.stderr.trim()}`);
    } else {
      for (const link of linksAdded) {
        const deleted = await runCommand('ip', ['-n', namespace, 'link', 'del', link]);
        if (deleted.code !== 0) problems.push(`ip link del ${link}: ${deleted.stderr.trim()}`);
      }
    }
    if (stopOptions.keepRunDir !== true) rmSync(runDir, { recursive: true, force: true });
    return problems;
  };
  return { dir, namespace, runDir, createdNamespace, script, mustScript, env, stop };
}

/** `vm.sh info NODE` as a record (VM_INDEX, BOOT_TARGET, BOOT_OVERRIDE, POWER, PID …). */
export async function vmInfo(lab: Lab, node: string): Promise<Record<string, string>> {
  const out = await lab.mustScript('vm.sh', ['info', node]);
  return Object.fromEntries(
    out
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** True when the node's QEMU process runs (`vm.sh status` exits 0 for on, 3 for off). */
export async function isVmOn(lab: Lab, node: string): Promise<boolean> {
  const status = await lab.script('vm.sh', ['status', node]);
  if (status.code !== 0 && status.code !== 3)
    throw new Error(`vm.sh status ${node} exited ${status.code}: ${status.stderr.trim()}`);
  return status.code === 0;
}

/** Polls `check` every `intervalMs` until it holds; resolves with the milliseconds waited, rejects after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < timeoutMs) {
    if (await check()) return Date.now() - startedAt;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The `bootindex` of the node's NIC and disk, read with the lab's own QMP client (`lib/qmp.py`). */
export async function bootIndexes(lab: Lab, node: string): Promise<{ nic: number; disk: number }> {
  const socket = join(lab.runDir, 'vms', node, 'qmp.sock');
  const get = (device: string): string =>
    JSON.stringify({ path: `/machine/peripheral/${device}`, property: 'bootindex' });
  const result = await runCommand(
    'python3',
    [join(lab.dir, 'lib/qmp.py'), socket, 'qom-get', get('nic0'), ',', 'qom-get', get('disk0')],
    { timeoutMs: 20_000 },
  );
  const [nic, disk] = result.stdout.trim().split('\n').map(Number);
  if (result.code !== 0 || nic === undefined || disk === undefined)
    throw new Error(`qmp.py qom-get on ${node} failed: ${result.stderr.trim()}`);
  return { nic, disk };
}

/** The node's serial console since its last power on (vm.sh keeps one log per power-on). */
export async function serialLog(lab: Lab, node: string): Promise<string> {
  return readFile(join(lab.runDir, 'vms', node, 'serial.log'), 'latin1').catch(() => '');
}

/** TCP ports something listens on inside the namespace. */
export async function labTcpPortsInUse(lab: Lab): Promise<Set<number>> {
  const listening = await runCommand('ip', ['netns', 'exec', lab.namespace, 'ss', '-H', '-tln']);
  return new Set(
    listening.stdout
      .split('\n')
      .map((line) => Number(line.trim().split(/\s+/)[3]?.split(':').at(-1)))
      .filter((port) => Number.isInteger(port) && port > 0),
  );
}

/** `preferred`, or the next port above it that nothing in the namespace listens on. */
export async function freeLabPort(lab: Lab, preferred: number): Promise<number> {
  const used = await labTcpPortsInUse(lab);
  for (let port = preferred; port < preferred + 100; port += 1) if (!used.has(port)) return port;
  throw new Error(`no free TCP port in ${preferred}..${preferred + 99} inside namespace ${lab.namespace}`);
}

/** The "Booting from ..." lines SeaBIOS printed after byte `from` of the node's current serial log. */
export async function firmwareBootLines(lab: Lab, node: string, from = 0): Promise<string[]> {
  return [...(await serialLog(lab, node)).slice(from).matchAll(/Booting from [A-Za-z ]+/g)].map((m) => m[0].trim());
}
