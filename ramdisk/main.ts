// `npm run ramdisk:build`: the composition root of the ramdisk builder (reads argv and the environment, prints
// progress on stderr and the output paths on stdout). See ramdisk/README.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { buildRamdisk, OUTPUT_FILES, type RamdiskBuildOptions } from './build-ramdisk.js';
import { COMPRESSIONS, DEFAULT_LEVEL, type Compression } from './compress.js';

const REPO = resolve(import.meta.dirname, '..');
/** Fallback SOURCE_DATE_EPOCH outside a git checkout: 2025-01-01T00:00:00Z. */
const FIXED_EPOCH = 1735689600;

function sourceDateEpoch(): number {
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  if (fromEnv !== undefined && fromEnv !== '') {
    const value = Number(fromEnv);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`SOURCE_DATE_EPOCH=${fromEnv} is not a whole number of seconds`);
    return value;
  }
  try {
    // The last commit's time: the same checkout always builds the same bytes (reproducible-builds.org).
    return (
      Number(
        execFileSync('git', ['-C', REPO, 'log', '-1', '--format=%ct'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
      ) || FIXED_EPOCH
    );
  } catch {
    return FIXED_EPOCH;
  }
}

function level(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 22) throw new InvalidArgumentError('expected a whole number 1..22');
  return n;
}

const program = new Command('ramdisk:build')
  .description('Build the deploy ramdisk: dist/ramdisk/ferro-deploy.{kernel,initramfs} and manifest.json')
  .option(
    '--agent <file>',
    'agent bundle to install as /ferro/ferro-agent.mjs',
    join(REPO, 'dist/agent/ferro-agent.mjs'),
  )
  .option(
    '--placeholder-agent',
    'use ramdisk/placeholder-agent.mjs (lookup + heartbeat only) instead of the agent bundle',
  )
  .option('--out <dir>', 'output directory', join(REPO, 'dist/ramdisk'))
  .option(
    '--cache <dir>',
    'cache of downloaded .debs, unpacked packages and the stripped node',
    join(REPO, '.cache/ramdisk'),
  )
  .addOption(new Option('--compression <kind>', 'initramfs compression').choices(COMPRESSIONS).default('zstd'))
  .option('--level <n>', 'compression level (default: zstd 19, xz 9, gzip 9)', level)
  .option('--node-bin <file>', 'Node.js binary to include (>= 20)', process.execPath)
  .option('--no-strip', "keep the node binary's symbols")
  .option('--qemu-img', 'include qemu-img (qemu-utils) for the image writer; adds its libraries')
  .option('--check-reproducible', 'build a second time into a temporary directory and fail unless both are identical');

async function main(): Promise<void> {
  program.parse();
  const opts = program.opts<{
    agent: string;
    placeholderAgent?: boolean;
    out: string;
    cache: string;
    compression: Compression;
    level?: number;
    nodeBin: string;
    strip: boolean;
    qemuImg?: boolean;
    checkReproducible?: boolean;
  }>();
  const log = (message: string): void => void process.stderr.write(`ramdisk: ${message}\n`);
  const options: RamdiskBuildOptions = {
    outDir: resolve(opts.out),
    cacheDir: resolve(opts.cache),
    agentFile: opts.placeholderAgent === true ? join(REPO, 'ramdisk/placeholder-agent.mjs') : resolve(opts.agent),
    nodeBin: opts.nodeBin,
    compression: opts.compression,
    level: opts.level ?? DEFAULT_LEVEL[opts.compression],
    sourceDateEpoch: sourceDateEpoch(),
    qemuImg: opts.qemuImg === true,
    strip: opts.strip,
    rootfsDir: join(REPO, 'ramdisk/rootfs'),
    log,
  };
  const started = Date.now();
  const manifest = await buildRamdisk(options);
  log(
    `built in ${((Date.now() - started) / 1000).toFixed(1)} s: kernel ${manifest.kernel.sizeBytes} B + initramfs ${manifest.initramfs.sizeBytes} B = ${(manifest.totalBytes / 1e6).toFixed(1)} MB`,
  );
  if (opts.checkReproducible === true) {
    const again = mkdtempSync(join(tmpdir(), 'ferro-ramdisk-check-'));
    try {
      const second = await buildRamdisk({ ...options, outDir: again });
      if (second.initramfs.sha256 !== manifest.initramfs.sha256 || second.kernel.sha256 !== manifest.kernel.sha256)
        throw new Error(`not reproducible: initramfs ${manifest.initramfs.sha256} vs ${second.initramfs.sha256}`);
      log(`reproducible: a second build gave the same initramfs sha256 ${second.initramfs.sha256}`);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }
  for (const file of Object.values(OUTPUT_FILES)) process.stdout.write(`${join(options.outDir, file)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`ramdisk: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
