// Stock TFTP clients for bench/tftp.ts: one timed fetch, or many at once, each checked against a sha256.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A client invocation: tftp-hpa in binary mode, or atftp with `--option` values. */
export type TftpClientSpec = { kind: 'tftp-hpa' } | { kind: 'atftp'; options: readonly string[] };

/** sha256 of a file, hex. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function argsFor(client: TftpClientSpec, port: number, name: string, out: string): [string, string[]] {
  if (client.kind === 'tftp-hpa') return ['tftp', ['127.0.0.1', String(port), '-m', 'binary', '-c', 'get', name, out]];
  return [
    'atftp',
    [...client.options.flatMap((o) => ['--option', o]), '-g', '-r', name, '-l', out, '127.0.0.1', String(port)],
  ];
}

/** Fetches `name` into `out`; returns seconds taken, or throws when the client fails or the bytes differ. */
export async function timedFetch(
  client: TftpClientSpec,
  port: number,
  name: string,
  out: string,
  sha: string,
): Promise<number> {
  const [command, args] = argsFor(client, port, name, out);
  const started = process.hrtime.bigint();
  await run(command, args, { timeout: 600_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const got = sha256File(out);
  rmSync(out, { force: true });
  if (got !== sha) throw new Error(`${command} fetched ${name} with sha256 ${got}, expected ${sha}`);
  return seconds;
}

/** `clients` fetches of `name` at once; returns wall seconds and how many failed. */
export async function concurrentFetch(
  client: TftpClientSpec,
  port: number,
  name: string,
  outPrefix: string,
  sha: string,
  clients: number,
): Promise<{ seconds: number; failed: number }> {
  const started = process.hrtime.bigint();
  const results = await Promise.allSettled(
    Array.from({ length: clients }, (_, i) => timedFetch(client, port, name, `${outPrefix}-${i}`, sha)),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, failed: results.filter((r) => r.status === 'rejected').length };
}
