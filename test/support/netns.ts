import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Why network-namespace tests cannot run here (not root, no `ip netns`), or undefined when they can. */
export async function netnsUnavailableReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces';
  try {
    await run('ip', ['netns', 'list']);
    return undefined;
  } catch (error) {
    return `\`ip netns\` failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** A network namespace this test created; `delete` removes it and everything in it. */
export interface Netns {
  readonly name: string;
  /** Runs a command inside the namespace and resolves to its stdout; rejects on a non-zero exit. */
  exec(command: string, args: readonly string[], timeoutMs?: number): Promise<string>;
  /** Starts a long-running command inside the namespace; the caller kills it (by this ChildProcess). */
  spawn(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): ChildProcess;
  delete(): Promise<void>;
}

/** Creates `<prefix>-<random>` with its loopback up. */
export async function createNetns(prefix: string): Promise<Netns> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await run('ip', ['netns', 'add', name]);
  const ns: Netns = {
    name,
    exec: async (command, args, timeoutMs = 30_000) =>
      (await run('ip', ['netns', 'exec', name, command, ...args], { timeout: timeoutMs })).stdout,
    spawn: (command, args, env) =>
      spawn('ip', ['netns', 'exec', name, command, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: env ?? process.env,
      }),
    delete: async () => {
      await run('ip', ['netns', 'delete', name]).catch(() => undefined);
    },
  };
  await ns.exec('ip', ['link', 'set', 'lo', 'up']);
  return ns;
}

/** One end of a veth pair: its namespace, interface name and optional address (CIDR). */
export interface VethEnd {
  ns: Netns;
  ifname: string;
  address?: string;
}

/** Joins two namespaces with a veth pair, brings both ends up and assigns the addresses given. */
export async function connectNetns(a: VethEnd, b: VethEnd): Promise<void> {
  const tmp = `fv${randomBytes(3).toString('hex')}`;
  await run('ip', ['link', 'add', `${tmp}a`, 'type', 'veth', 'peer', 'name', `${tmp}b`]);
  for (const [end, link] of [
    [a, `${tmp}a`],
    [b, `${tmp}b`],
  ] as const) {
    await run('ip', ['link', 'set', link, 'netns', end.ns.name]);
    await end.ns.exec('ip', ['link', 'set', link, 'name', end.ifname]);
    if (end.address !== undefined) await end.ns.exec('ip', ['addr', 'add', end.address, 'dev', end.ifname]);
    await end.ns.exec('ip', ['link', 'set', end.ifname, 'up']);
  }
}

/** Resolves with the first stdout line of `child` that matches, or rejects after `timeoutMs`. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms; saw: ${buffered.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) {
        cleanup();
        resolve(line);
      }
    };
    const onExit = (): void => {
      cleanup();
      reject(new Error(`process exited before ${String(pattern)}; saw: ${buffered.slice(-2000)}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Sends SIGTERM to a child we started and waits for it to exit (SIGKILL after `graceMs`). */
export async function stopChild(child: ChildProcess | undefined, graceMs = 3000): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
