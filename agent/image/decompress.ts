import { spawn } from 'node:child_process';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ImageDownloadError, ImageWriteError } from '../../core/index.js';

/** The compressed containers a raw image may come in. */
export type Compression = 'gzip' | 'xz' | 'zstd';

// Node 20 has gzip in zlib but neither xz nor zstd; the ramdisk has Debian's xz-utils and zstd, whose
// decoders are faster than the pure-JavaScript ones on npm (bench/image-write.ts measures zstd).
const PROGRAMS: Record<'xz' | 'zstd', { program: string; args: string[] }> = {
  xz: { program: 'xz', args: ['-dc', '-T1'] },
  zstd: { program: 'zstd', args: ['-dc', '--no-progress'] },
};

/**
 * The decompressed bytes of `input`. xz and zstd run as child processes fed through a pipe; the process is
 * killed when the caller stops reading or `signal` aborts. A truncated or corrupt stream fails with the
 * decoder's own words (and the exit code), a download failure with its ImageDownloadError.
 */
export async function* decompress(format: Compression, input: AsyncIterable<Buffer>, signal: AbortSignal): AsyncGenerator<Buffer, void, undefined> {
  if (format === 'gzip') {
    yield* throughTransform(input, createGunzip({ chunkSize: 256 * 1024 }), 'gzip', signal);
    return;
  }
  const { program, args } = PROGRAMS[format];
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], signal });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => { if (stderr.length < 64) stderr.push(chunk); });
  const exited = new Promise<number | string>((resolve) => {
    child.on('error', (error) => { resolve(error.message); });
    child.on('close', (code, killedBy) => { resolve(code ?? `killed by ${killedBy ?? 'a signal'}`); });
  });
  const fed = pipeline(Readable.from(input), child.stdin).catch((error: unknown) => asError(error));
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield chunk;
    const [feedError, status] = await Promise.all([fed, exited]);
    if (feedError instanceof ImageDownloadError) throw feedError;
    signal.throwIfAborted();
    if (status !== 0) {
      const words = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-3).join(' | ');
      throw new ImageWriteError(`${program} -dc failed (${typeof status === 'number' ? `exit code ${status}` : status}): ${words || 'no message'}; the ${format} image is truncated or corrupt`);
    }
    if (feedError !== undefined) throw feedError;
  } finally {
    child.stdout.destroy();
    child.stdin.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Runs `input` through an in-process transform (zlib), with the same error rules as the child processes. */
async function* throughTransform(input: AsyncIterable<Buffer>, transform: Writable & AsyncIterable<unknown>, name: string, signal: AbortSignal): AsyncGenerator<Buffer, void, undefined> {
  const fed = pipeline(Readable.from(input), transform, { end: true }).catch((error: unknown) => asError(error));
  try {
    try {
      for await (const chunk of transform) yield chunk as Buffer;
    } catch (error) {
      const feedError = await fed;
      if (feedError instanceof ImageDownloadError) throw feedError;
      signal.throwIfAborted();
      throw new ImageWriteError(`${name} decompression failed: ${(error as Error).message}; the ${name} image is truncated or corrupt`, { cause: error });
    }
    const feedError = await fed;
    if (feedError !== undefined) throw feedError;
  } finally {
    transform.destroy();
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
