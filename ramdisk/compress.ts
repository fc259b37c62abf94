// Deterministic compression of the cpio archive. Every compressor here writes no file name or time stamp
// (gzip -n), and runs with a fixed thread setting, so the same archive always gives the same bytes (xz's
// multi-threaded output depends on the thread count, hence -T1; zstd's does not, so it may use all cores).
// The Debian kernel unpacks all four (CONFIG_RD_GZIP, CONFIG_RD_XZ, CONFIG_RD_ZSTD, CONFIG_RD_LZ4 = y).
// Under TCG the kernel's decompressor is the biggest boot cost: see docs/benchmarks.md (zstd smallest, gzip
// and lz4 faster to unpack).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Compression of the initramfs. */
export type Compression = 'zstd' | 'xz' | 'gzip' | 'lz4' | 'none';

/** All accepted `--compression` values. */
export const COMPRESSIONS: readonly Compression[] = ['zstd', 'xz', 'gzip', 'lz4', 'none'];

/** Default level per compressor: best ratio the kernel still unpacks fast. */
export const DEFAULT_LEVEL: Record<Compression, number> = { zstd: 19, xz: 9, gzip: 9, lz4: 12, none: 0 };

/** The compressor's command line; undefined for `none`. */
export function compressorCommand(kind: Compression, level: number): string[] | undefined {
  switch (kind) {
    case 'zstd':
      return ['zstd', '-q', `-${level}`, '-T0', '-c'];
    case 'xz':
      // The kernel's xz decoder only knows CRC32 (and none); xz's default CRC64 would fail at boot.
      return ['xz', `-${level}`, '--check=crc32', '-T1', '-c'];
    case 'gzip':
      return ['gzip', '-n', `-${level}`, '-c'];
    case 'lz4':
      // The kernel only reads lz4's legacy frame format (-l).
      return ['lz4', '-l', `-${level}`, '-c'];
    case 'none':
      return undefined;
  }
}

/** What was written: size and sha256 of the output file, size of the input. */
export interface CompressedFile {
  sizeBytes: number;
  sha256: string;
  inputBytes: number;
}

/** Streams `chunks` through the compressor into `outFile`. */
export async function compressChunks(
  chunks: Iterable<Buffer>,
  kind: Compression,
  level: number,
  outFile: string,
): Promise<CompressedFile> {
  const command = compressorCommand(kind, level);
  const out = createWriteStream(outFile);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  let inputBytes = 0;
  const record = (chunk: Buffer): void => {
    hash.update(chunk);
    sizeBytes += chunk.length;
  };
  if (command === undefined) {
    for (const chunk of chunks) {
      inputBytes += chunk.length;
      record(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } else {
    const [file, ...args] = command;
    const child = spawn(file ?? '', args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = once(child, 'close');
    child.stdout.on('data', (chunk: Buffer) => {
      record(chunk);
      out.write(chunk);
    });
    const failed = once(child, 'error').then(([error]) => {
      throw new Error(
        `cannot run ${file ?? ''} (install it: Debian package ${kind === 'xz' ? 'xz-utils' : kind === 'gzip' ? 'gzip' : kind})`,
        { cause: error },
      );
    });
    await Promise.race([failed, writeAll(child.stdin, chunks, (n) => (inputBytes += n))]);
    const [code] = (await Promise.race([failed, exited])) as [number | null];
    if (code !== 0) throw new Error(`${command.join(' ')} exited with ${String(code)}`);
  }
  out.end();
  await once(out, 'close');
  return { sizeBytes, sha256: hash.digest('hex'), inputBytes };
}

async function writeAll(
  stream: NodeJS.WritableStream,
  chunks: Iterable<Buffer>,
  count: (n: number) => void,
): Promise<void> {
  for (const chunk of chunks) {
    count(chunk.length);
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
}
