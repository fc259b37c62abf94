import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A conductor started as a child process, the way an operator starts it. */
export interface ConductorProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | string | null>;
  /** SIGKILL at once, as a crash would. */
  kill(): Promise<number | string | null>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** Starts `conductor/main.ts` with FERRO_* settings and waits until `GET /` answers. */
export async function startConductor(options: { env?: Record<string, string>; dataDir?: string; port?: number; timeoutMs?: number; compiled?: boolean; logFile?: string } = {}): Promise<ConductorProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ferro-it-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    FERRO_API_PORT: String(port),
    FERRO_DATA_DIR: dataDir,
    FERRO_DATABASE_URL: `sqlite://${join(dataDir, 'ferro.db')}`,
    FERRO_LOG_LEVEL: 'info',
    ...options.env,
  };
  // `compiled` runs the tsc output (npm run build), as the Docker image does: no tsx loader in the figures.
  const args = options.compiled ? [join(ROOT, 'dist/conductor/main.js')] : ['--import', 'tsx', join(ROOT, 'conductor/main.ts')];
  if (options.compiled && !existsSync(args[0] ?? '')) throw new Error('dist/conductor/main.js is missing: run npm run build first');
  // `logFile` sends the conductor's log to a file, as a service manager would, instead of through this
  // process (benchmarks: the parent must not spend the shared CPUs reading log lines).
  const logFd = options.logFile === undefined ? undefined : openSync(options.logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'] });
  if (logFd !== undefined) closeSync(logFd);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | string | null>((ok) => child.once('exit', (code, signal) => ok(code ?? signal)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`conductor exited early:\n${out}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`conductor did not answer within the timeout:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // A data directory made here goes with a clean stop (FERRO_KEEP=1 keeps it); kill() leaves it for a restart.
  const removeOwnDataDir = (): void => {
    if (options.dataDir === undefined && process.env.FERRO_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
  };
  const stop = async (graceMs = 10_000): Promise<number | string | null> => {
    if (child.exitCode !== null || child.signalCode !== null) {
      removeOwnDataDir();
      return child.exitCode ?? child.signalCode;
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const result = await exited;
    clearTimeout(timer);
    removeOwnDataDir();
    return result;
  };
  const kill = async (): Promise<number | string | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  };
  return { url, port, dataDir, child, output: () => out, stop, kill };
}
