// The multi-BMC IPMI responder (tools/ipmi-responder) as a child process of a benchmark: its own process so
// its CPU is measured apart from the conductor's, started through bash to raise the file-descriptor limit
// (one UDP socket per BMC), controlled over its loopback HTTP API, stopped by its PID only.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { cpuSeconds } from './power-sync-process-stats.js';

const ROOT = resolve(import.meta.dirname, '..');

/** A running responder child. */
export interface ResponderProcess {
  pid: number;
  firstPort: number;
  controlUrl: string;
  /** Changes `count` BMCs from index `from`: power on/off, silent or answering. */
  setBmcs(change: { from: number; count: number; power?: 'on' | 'off'; silent?: boolean }): Promise<void>;
  /** One BMC as the control API shows it. */
  bmc(index: number): Promise<{ power: 'on' | 'off'; silent: boolean; sessions: number }>;
  stats(): Promise<Record<string, unknown>>;
  /** CPU seconds the responder used so far (user + system). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * Starts `bmcs` BMCs on 127.0.0.1 from `basePort`, with `ulimit -n` raised to fit the sockets: to 65536, or
 * to the hard limit where a container does not allow more (then at most that many BMCs, less a few).
 */
export async function startResponderProcess(bmcs: number, basePort: number): Promise<ResponderProcess> {
  const main = join(ROOT, 'tools/ipmi-responder/main.ts');
  const args = `--bmcs ${bmcs} --base-port ${basePort} --host 127.0.0.1 --control-port 0`;
  // exec: the PID we get is the responder's own, so stopping it by PID stops the right process.
  const child = spawn(
    'bash',
    [
      '-c',
      `{ ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; } && exec "${process.execPath}" --import tsx "${main}" ${args}`,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = await new Promise<{ pid: number; firstPort: number; controlPort: number }>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`responder not ready after 120 s: ${output}`)), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"ready":true'));
      if (!line) return;
      clearTimeout(timer);
      ok(JSON.parse(line) as { pid: number; firstPort: number; controlPort: number });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`responder exited with ${String(code)}: ${output}`));
    });
  });
  const controlUrl = `http://127.0.0.1:${ready.controlPort}`;
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    pid: ready.pid,
    firstPort: ready.firstPort,
    controlUrl,
    async setBmcs(change) {
      const response = await fetch(`${controlUrl}/bmcs`, { method: 'POST', body: JSON.stringify(change) });
      if (!response.ok) throw new Error(`responder control: ${response.status} ${await response.text()}`);
    },
    async bmc(index) {
      return (await (await fetch(`${controlUrl}/bmcs/${index}`)).json()) as Awaited<
        ReturnType<ResponderProcess['bmc']>
      >;
    },
    async stats() {
      return (await (await fetch(`${controlUrl}/stats`)).json()) as Record<string, unknown>;
    },
    cpuSeconds: () => cpuSeconds(ready.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(ready.pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(ready.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
