import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The real OpenStack Ironic started by ../shared/peers/ironic/start.sh, or why it is unavailable. */
export interface IronicPeer {
  url: string;
  /** PIDs of the Ironic processes (for RSS). */
  pids(): number[];
  stop(): Promise<void>;
}

const PEER_DIR = process.env.FERRO_IRONIC_PEER_DIR ?? join(import.meta.dirname, '../../shared/peers/ironic');

function run(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: 300_000 }, (error, stdout, stderr) =>
      error ? fail(new Error(`${cmd} failed: ${stderr || stdout}`)) : ok(stdout));
  });
}

/** Starts a fresh Ironic on `port` with its own state dir; undefined (and a reason) when it cannot. */
export async function startIronic(port: number, stateDir: string, env: Record<string, string> = {}): Promise<IronicPeer | string> {
  const start = join(PEER_DIR, 'start.sh');
  if (!existsSync(start)) return `no Ironic peer at ${PEER_DIR} (../shared/peers/ironic)`;
  if (!existsSync('/usr/bin/ironic')) return 'Ironic is not installed (apt-get install ironic-api ironic-conductor)';
  const peerEnv = { IRONIC_STATE_DIR: stateDir, IRONIC_API_PORT: String(port), ...env };
  await run(join(PEER_DIR, 'stop.sh'), [], peerEnv).catch(() => undefined);
  await run(start, ['--fresh'], peerEnv);
  const runDir = join(stateDir, 'run');
  return {
    url: `http://127.0.0.1:${port}`,
    pids: () => readdirSync(runDir).filter((f) => f.endsWith('.pid')).map((f) => Number(readFileSync(join(runDir, f), 'utf8').trim())),
    stop: async () => { await run(join(PEER_DIR, 'stop.sh'), [], peerEnv); },
  };
}

/** Resident set size of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
