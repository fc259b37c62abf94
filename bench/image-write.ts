// Issue #5 benchmark: writeImage against `curl | dd oflag=direct conv=fsync` (and `curl | zstd -dc | dd`) in the
// same run, from a loopback HTTP server in its own process, onto a regular file and (when losetup works) a loop
// device. Each case runs `--rounds` times with Ferro and its reference alternating which goes first (the page
// cache and the other tenants of this machine favour neither); the table shows best-of-N and every run, and the
// CPU time (user+sys) each side used per run, which depends far less on the machine's load than wall time.
// Usage: npm run bench:image-write [-- --size-mib 512 --rounds 3 --only file:random:raw,loop:sparse --ipa]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageTarget } from '../agent/image/image-target.js';
import { writeImage } from '../agent/image/write-image.js';
import type { WriteImageOptions } from '../agent/image/write-image-options.js';

const MIB = 1024 * 1024;
const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const sizeMib = Number(argument('size-mib') ?? 512);
const rounds = Number(argument('rounds') ?? 3);
/** Comma-separated prefixes of `target:kind:format` (target is file or loop); every case when absent. */
const only = argument('only')?.split(',');
/** Also time IPA's qcow2 way (download to a file, then `qemu-img convert -O raw`), once per qcow2 case. */
const withIpa = process.argv.includes('--ipa');
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'ferro-bench-image-'));
const kinds = ['sparse', 'random'] as const;
const formats = ['raw', 'qcow2', 'zstd', 'raw, zeros written (no BLKZEROOUT)'] as const;
type Format = (typeof formats)[number];

/** A disk image: `dataShare` of it random, the rest zeros, in runs of 64 KiB .. 8 MiB (a filesystem's look). */
function makeImage(path: string, dataShare: number): void {
  const fd = openSync(path, 'w');
  const buffer = Buffer.alloc(8 * MIB);
  let seed = 12345;
  const next = (): number => { seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff; return seed / 0x7fffffff; };
  for (let at = 0; at < sizeMib * MIB; ) {
    const run = Math.min(sizeMib * MIB - at, 64 * 1024 * (1 + Math.floor(next() * 128)));
    const slice = buffer.subarray(0, run);
    if (next() < dataShare) randomFillSync(slice); else slice.fill(0);
    writeSync(fd, slice);
    at += run;
  }
  closeSync(fd);
}

function sha256(path: string): string {
  return execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0] ?? '';
}

async function startServer(): Promise<{ base: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'image-write-server.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve) => { child.stdout.once('data', (data: Buffer) => { resolve(data.toString().trim()); }); });
  return { base, stop: () => { child.kill('SIGTERM'); } };
}

/** CPU seconds (user, sys) of this process (all its threads) and, apart, of its children that have been waited for. */
function cpuNow(): { user: number; sys: number; childUser: number; childSys: number } {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = (index: number): number => Number(fields[index]) / 100; // USER_HZ
  const own = process.cpuUsage();
  return { user: own.user / 1e6, sys: own.system / 1e6, childUser: ticks(13), childSys: ticks(14) };
}

interface Run {
  seconds: number;
  /** CPU seconds the side used: user and sys, its child processes included. */
  user: number;
  sys: number;
}

/** Times `work` and charges it the CPU this process and the children it reaped meanwhile used. */
async function measured(work: () => Promise<void> | void): Promise<Run> {
  const before = cpuNow();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const after = cpuNow();
  return { seconds, user: after.user - before.user + after.childUser - before.childUser, sys: after.sys - before.sys + after.childSys - before.childSys };
}

/** The reference pipeline; sh waits for curl, zstd and dd, so their CPU reaches us with sh's. */
function shell(script: string): Promise<Run> {
  return measured(() => {
    const result = spawnSync('sh', ['-c', script], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`${script} exited ${String(result.status)}`);
  });
}

const digests = new Map<string, string>();

async function ferro(url: string, file: string, target: string, options: Partial<WriteImageOptions> = {}): Promise<Run & { skipped: number }> {
  const info = { urls: [url], os_hash_algo: 'sha256', os_hash_value: digests.get(file) ?? '' };
  let skipped = 0;
  const run = await measured(async () => {
    const result = await writeImage(info, target, { node: {}, ports: [], signal: new AbortController().signal, progress: () => undefined }, options);
    skipped = result.bytesSkipped / (sizeMib * MIB);
  });
  return { ...run, skipped };
}

/** Whether Ferro's writes to `target` go around the page cache, as dd's oflag=direct does. */
async function directIo(target: string): Promise<boolean> {
  const opened = await ImageTarget.open(target);
  await opened.close();
  return opened.isDirect;
}

function verify(image: string, target: string): void {
  const same = spawnSync('cmp', ['-n', String(sizeMib * MIB), join(dir, image), target]).status === 0;
  if (!same) throw new Error(`${target} differs from ${image} after the write`);
}

const mbps = (seconds: number): string => ((sizeMib * MIB) / 1e6 / seconds).toFixed(0);
const all = (runs: Run[]): string => runs.map((run) => mbps(run.seconds)).join('/');
const best = (runs: Run[]): number => Math.min(...runs.map((run) => run.seconds));
/** Mean CPU per run, user+sys. */
const cpu = (runs: Run[]): { user: number; sys: number } => ({ user: mean(runs.map((run) => run.user)), sys: mean(runs.map((run) => run.sys)) });
const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

async function main(): Promise<void> {
  for (const kind of kinds) {
    makeImage(join(dir, `${kind}.raw`), kind === 'sparse' ? 0.4 : 1);
    execFileSync('qemu-img', ['convert', '-O', 'qcow2', join(dir, `${kind}.raw`), join(dir, `${kind}.qcow2`)]);
    execFileSync('zstd', ['-q', '-T2', '-3', join(dir, `${kind}.raw`), '-o', join(dir, `${kind}.raw.zst`)]);
    for (const file of [`${kind}.raw`, `${kind}.qcow2`, `${kind}.raw.zst`]) digests.set(file, sha256(join(dir, file)));
  }
  execFileSync('sync'); // the generated images' writeback would otherwise slow the first measurements
  const targets = [join(dir, 'target.img')];
  const backing = join(dir, 'loop-backing.img');
  execFileSync('dd', ['if=/dev/urandom', `of=${backing}`, 'bs=4M', `count=${Math.ceil(sizeMib / 4) + 8}`, 'status=none']);
  const loop = spawnSync('losetup', ['--find', '--show', backing], { encoding: 'utf8' });
  if (loop.status === 0) targets.push(loop.stdout.trim());
  else process.stdout.write(`losetup failed (${loop.stderr.trim()}); regular file target only\n`);
  const server = await startServer();
  process.stdout.write(`image ${sizeMib} MiB, MB/s of logical image size (1 MB = 10^6 bytes), best of ${rounds} (every run in brackets), load ${loadAverage()}\n`);
  process.stdout.write(await fairness(targets));
  process.stdout.write(`| target | image | format | load | Ferro MB/s | zeros skipped | dd MB/s | Ferro/dd | Ferro CPU s user+sys | dd CPU s user+sys | CPU dd/Ferro |${withIpa ? ' IPA way MB/s |' : ''}\n`);
  process.stdout.write(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |${withIpa ? ' --- |' : ''}\n`);
  try {
    for (const target of targets) {
      for (const kind of kinds) {
        for (const format of formats) await benchCase(server.base, target, kind, format);
      }
    }
  } finally {
    server.stop();
    if (targets[1] !== undefined) spawnSync('losetup', ['-d', targets[1]]);
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\nload at the end ${loadAverage()}\n`);
}

/** What both sides share, said in the output so that a reader can check the comparison is fair. */
async function fairness(targets: string[]): Promise<string> {
  const direct = await Promise.all(targets.map(async (target) => `  Ferro onto ${target}: ${(await directIo(target)) ? 'O_DIRECT' : 'buffered (no O_DIRECT), fdatasync every 256 MiB'}, fdatasync at the end`));
  return [
    'Fair comparison: both sides read the same file from the same server process, write the same target and make',
    'it durable the same way:',
    '  dd: oflag=direct (around the page cache), conv=fsync (fsync at the end), bs=4M',
    ...direct,
    'Ferro also verifies sha256 of the download (dd does not) and skips zero blocks (BLKZEROOUT on the loop device).',
    'CPU = user+sys seconds per run, mean of all rounds: Ferro with all its threads and children (zstd, blkdiscard),',
    'dd with sh+curl(+zstd)+dd. Neither counts the server or kernel threads (loop worker, writeback).',
    '',
    '',
  ].join('\n');
}

function loadAverage(): string {
  return execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
}

/** One row: Ferro and its dd reference, `rounds` times each, alternating which runs first. */
async function benchCase(base: string, target: string, kind: (typeof kinds)[number], format: Format): Promise<void> {
  const where = target.startsWith('/dev/') ? 'loop' : 'file';
  const noZeroOut = format.startsWith('raw,');
  if (noZeroOut && (where !== 'loop' || kind !== 'sparse')) return;
  if (only !== undefined && !only.some((prefix) => `${where}:${kind}:${format}`.startsWith(prefix))) return;
  const raw = `${kind}.raw`;
  const file = format === 'qcow2' ? `${kind}.qcow2` : format === 'zstd' ? `${kind}.raw.zst` : raw;
  const dd = `dd of=${target} bs=4M oflag=direct conv=fsync status=none`;
  // qcow2's reference is dd of the same disk served raw: what the operator would otherwise do.
  const reference = format === 'zstd' ? `curl -sf ${base}${file} | zstd -dc | ${dd}` : `curl -sf ${base}${raw} | ${dd}`;
  const options: Partial<WriteImageOptions> = noZeroOut ? { zeroOutMinBytes: Number.MAX_SAFE_INTEGER } : {};
  const load = loadAverage().split(' ')[0] ?? '?';
  const ferroRuns: Run[] = [];
  const ddRuns: Run[] = [];
  let skipped = 0;
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 1) ddRuns.push(await shell(reference));
    const run = await ferro(base + file, file, target, options);
    ferroRuns.push(run);
    skipped = run.skipped;
    if (round === 0) verify(raw, target);
    if (round % 2 === 0) ddRuns.push(await shell(reference));
  }
  const ipa = withIpa ? ` ${format === 'qcow2' ? mbps((await ipaWay(base, file, target)).seconds) : '-'} |` : '';
  const label = format === 'qcow2' ? ' (raw)' : '';
  const [ferroCpu, ddCpu] = [cpu(ferroRuns), cpu(ddRuns)];
  const cpuCell = (side: { user: number; sys: number }): string => `${side.user.toFixed(2)}+${side.sys.toFixed(2)}`;
  const cpuRatio = (ddCpu.user + ddCpu.sys) / (ferroCpu.user + ferroCpu.sys);
  process.stdout.write(`| ${where} | ${kind} | ${format} | ${load} | **${mbps(best(ferroRuns))}** (${all(ferroRuns)}) | ${(skipped * 100).toFixed(0)}% | ${mbps(best(ddRuns))}${label} (${all(ddRuns)}) | **${(best(ddRuns) / best(ferroRuns)).toFixed(2)}** | ${cpuCell(ferroCpu)} | ${cpuCell(ddCpu)} | ${cpuRatio.toFixed(2)} |${ipa}\n`);
}

/** IPA's qcow2 path: the whole file to a temporary copy, then qemu-img convert onto the target, then sync. */
function ipaWay(base: string, file: string, target: string): Promise<Run> {
  const tmp = join(dir, 'ipa-copy.qcow2');
  return shell(`curl -sf -o ${tmp} ${base}${file} && qemu-img convert -O raw ${tmp} ${target} && sync ${target}; rm -f ${tmp}`);
}

await main();
