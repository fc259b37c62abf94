// TFTP throughput (issue #4): Ferro's server against in.tftpd (tftpd-hpa) in the same run, with the same
// stock clients on loopback: one 64 MiB file per client configuration (best of N, servers alternating),
// then many clients at once (best of N too). Prints MB/s (10^6 bytes/s) and the Ferro/in.tftpd ratio.
// Usage: npm run bench:tftp [-- --runs 3 --clients 200 --each-mib 2 --data-path auto|js|native]
// Ferro's data path is native when `npm run build:dhcp-native` built the addon (auto), else JS.
// Every loop is bounded; the two servers are started here and stopped by PID; traffic stays on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { concurrentFetch, sha256File, timedFetch, type TftpClientSpec } from './tftp-clients.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    clients: { type: 'string', default: '200' },
    'each-mib': { type: 'string', default: '2' },
    'data-path': { type: 'string', default: 'auto' },
  },
});
const RUNS = Number(values.runs);
const CLIENTS = Number(values.clients);
const BIG_BYTES = 64 * 1024 * 1024;
const EACH_BYTES = Number(values['each-mib']) * 1024 * 1024;

const CASES: { label: string; client: TftpClientSpec }[] = [
  { label: 'tftp-hpa, no options (512 B)', client: { kind: 'tftp-hpa' } },
  { label: 'atftp blksize 1468', client: { kind: 'atftp', options: ['blksize 1468'] } },
  {
    label: 'atftp blksize 1468 + windowsize 16',
    client: { kind: 'atftp', options: ['blksize 1468', 'windowsize 16'] },
  },
  { label: 'atftp blksize 8192', client: { kind: 'atftp', options: ['blksize 8192'] } },
];

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  socket.close();
  return port;
}

async function startFerro(root: string, port: number): Promise<ChildProcess> {
  // node itself (not npx), so that the PID we stop is the server's.
  const script = join(import.meta.dirname, 'tftp-ferro-process.ts');
  const args = ['--import', 'tsx', script, root, String(port), '127.0.0.1', values['data-path']];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  if (!chunk.toString().includes('ready')) throw new Error(`Ferro TFTP process said: ${chunk.toString()}`);
  console.log(`Ferro TFTP data path: ${chunk.toString().trim().replace('ready ', '')}\n`);
  return child;
}

async function startInTftpd(root: string, port: number): Promise<ChildProcess> {
  // -L foreground, -s root, -a address:port; no -B, so it grants any blksize. It has no windowsize support.
  const child = spawn('in.tftpd', ['-L', '-s', root, '-a', `127.0.0.1:${port}`], { stdio: 'inherit' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (child.exitCode !== null) throw new Error(`in.tftpd exited with ${child.exitCode}`);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM'); // by PID: only the processes this script started
  await exited;
}

const mbps = (bytes: number, seconds: number): number => bytes / seconds / 1e6;
const fmt = (n: number): string => n.toFixed(1);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ferro-bench-tftp-'));
  const root = join(dir, 'root');
  const outs = join(dir, 'out');
  const children: ChildProcess[] = [];
  try {
    mkdirSync(root);
    writeFileSync(join(root, 'big.bin'), randomBytes(BIG_BYTES));
    writeFileSync(join(root, 'each.bin'), randomBytes(EACH_BYTES));
    const bigSha = sha256File(join(root, 'big.bin'));
    const eachSha = sha256File(join(root, 'each.bin'));
    const ferroPort = await freeUdpPort();
    const tftpdPort = await freeUdpPort();
    children.push(await startFerro(root, ferroPort), await startInTftpd(root, tftpdPort));
    const servers = [
      ['Ferro', ferroPort],
      ['in.tftpd', tftpdPort],
    ] as const;

    console.log(`| client/options (64 MiB, best of ${RUNS}) | Ferro MB/s | in.tftpd MB/s | ratio |`);
    console.log('| --- | --- | --- | --- |');
    for (const { label, client } of CASES) {
      const best = new Map<string, number>();
      for (let run = 0; run < RUNS; run++) {
        for (const [name, port] of run % 2 === 0 ? servers : [...servers].reverse()) {
          const seconds = await timedFetch(client, port, 'big.bin', `${outs}-${name}`, bigSha);
          best.set(name, Math.max(best.get(name) ?? 0, mbps(BIG_BYTES, seconds)));
        }
      }
      const f = best.get('Ferro') ?? 0;
      const t = best.get('in.tftpd') ?? 1;
      console.log(`| ${label} | ${fmt(f)} | ${fmt(t)} | ${(f / t).toFixed(2)}x |`);
    }

    console.log(
      `\n| ${CLIENTS} clients at once, ${EACH_BYTES / 1048576} MiB each, atftp blksize 1468 (best of ${RUNS}) | MB/s total | failed | wall s |`,
    );
    console.log('| --- | --- | --- | --- |');
    const totals = new Map<string, { total: number; failed: number; seconds: number }>();
    const client: TftpClientSpec = { kind: 'atftp', options: ['blksize 1468'] };
    for (let run = 0; run < RUNS; run++) {
      // Alternating like the single-client rows, so neither server always runs first into a busy machine.
      for (const [name, port] of run % 2 === 0 ? servers : [...servers].reverse()) {
        const result = await concurrentFetch(client, port, 'each.bin', `${outs}-c-${name}`, eachSha, CLIENTS);
        const total = mbps(EACH_BYTES * (CLIENTS - result.failed), result.seconds);
        if (total > (totals.get(name)?.total ?? -1)) totals.set(name, { total, ...result });
      }
    }
    for (const [name, best] of totals)
      console.log(`| ${name} | ${fmt(best.total)} | ${best.failed} | ${fmt(best.seconds)} |`);
    console.log(
      `| ratio Ferro/in.tftpd | ${((totals.get('Ferro')?.total ?? 0) / (totals.get('in.tftpd')?.total ?? 1)).toFixed(2)}x | | |`,
    );
  } finally {
    for (const child of children) await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
