import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ImageDownloadError, ImageWriteError } from '../../core/index.js';
import { SlotFiller } from './slot-filler.js';
import type { SlotPool } from './slot-pool.js';

/** The compressed containers a raw image may come in. */
export type Compression = 'gzip' | 'xz' | 'zstd';

/** Where decompression reads from and writes to. */
export interface DecompressOptions {
  signal: AbortSignal;
  /** The pool `input` chunks may come from: they are held there while a pipe write is under way. */
  input: SlotPool;
  /** The pool xz and zstd output is read into. */
  output: SlotPool;
  /** Where the private directory of the output socket is made. */
  tmpDir: string;
}

// Node 20 has gzip in zlib but neither xz nor zstd (zlib's zstd came with Node 22.15/23.8); the ramdisk has
// Debian's xz-utils and zstd, whose decoders are faster than the pure-JavaScript ones on npm
// (bench/image-write.ts measures zstd).
const PROGRAMS: Record<'xz' | 'zstd', { program: string; args: string[] }> = {
  xz: { program: 'xz', args: ['-dc', '-T1'] },
  zstd: { program: 'zstd', args: ['-dc', '--no-progress'] },
};

/**
 * The decompressed bytes of `input`. xz and zstd run as child processes: stdin is a pipe fed with the
 * download slots themselves (held until the kernel has them), stdout a Unix socket read straight into
 * `output` slots (SlotFiller), which the writer then writes where they lie. Reading stdout as a pipe meant a
 * fresh 64 KiB Buffer per read and a 64 KiB pipe the decoder kept blocking on: 3x the wall time of the
 * socket for zstd -dc of 512 MiB. The process is killed when the caller stops reading or `signal` aborts. A
 * truncated or corrupt stream fails with the decoder's own words (and the exit code), a download failure
 * with its ImageDownloadError.
 */
export async function* decompress(format: Compression, input: AsyncIterable<Buffer>, options: DecompressOptions): AsyncGenerator<Buffer, void, undefined> {
  if (format === 'gzip') {
    yield* gunzip(input, options);
    return;
  }
  const { program, args } = PROGRAMS[format];
  const output = await outputSocket(options.output, options.tmpDir);
  let child: ChildProcess | undefined;
  try {
    child = spawn(program, args, { stdio: ['pipe', output.theirs, 'pipe'], signal: options.signal });
    output.theirs.destroy(); // the child has its own descriptor; ours would keep the socket from ending
    const stderr: Buffer[] = [];
    child.stderr?.on('data', (chunk: Buffer) => { if (stderr.length < 64) stderr.push(chunk); });
    const exited = new Promise<number | string>((resolve) => {
      child?.on('error', (error) => { resolve(error.message); });
      child?.on('close', (code, killedBy) => { resolve(code ?? `killed by ${killedBy ?? 'a signal'}`); });
    });
    const fed = feed(input, child.stdin as Writable, options.input).then(() => undefined, (error: unknown) => asError(error));
    yield* output.filler.chunks();
    const [feedError, status] = await Promise.all([fed, exited]);
    if (feedError instanceof ImageDownloadError) throw feedError;
    options.signal.throwIfAborted();
    if (status !== 0) {
      const words = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-3).join(' | ');
      throw new ImageWriteError(`${program} -dc failed (${typeof status === 'number' ? `exit code ${status}` : status}): ${words || 'no message'}; the ${format} image is truncated or corrupt`);
    }
    if (feedError !== undefined) throw feedError;
  } finally {
    output.close();
    output.theirs.destroy();
    child?.stdin?.destroy();
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** A connected pair of Unix sockets: `theirs` for a child's stdout, ours read into `pool` slots. */
async function outputSocket(pool: SlotPool, tmpDir: string): Promise<{ theirs: net.Socket; filler: SlotFiller; close: () => void }> {
  // A socket file in a fresh 0700 directory: only root can connect to it, unlike an abstract socket.
  const dir = await mkdtemp(join(tmpDir, 'ferro-decompress-'));
  const server = net.createServer();
  try {
    const path = join(dir, 'out.sock');
    server.listen(path);
    await once(server, 'listening');
    const filler = new SlotFiller(pool);
    // net's onread: each read lands in the slot being filled; a full pool pauses the socket until a slot is free.
    const onread = {
      buffer: () => filler.space(),
      callback: (bytes: number): boolean => {
        const more = filler.commit(bytes);
        if (!more) void filler.ready().then(() => { ours.resume(); });
        return more;
      },
    };
    const ours = net.connect({ path, onread } as net.NetConnectOpts);
    const failed = once(ours, 'error').then(([error]) => { throw error as Error; });
    const [theirs] = (await Promise.race([once(server, 'connection'), failed])) as [net.Socket];
    failed.catch(() => undefined);
    ours.on('end', () => { filler.end(); });
    ours.on('close', () => { filler.end(); });
    ours.on('error', (error) => { filler.fail(error); });
    return { theirs, filler, close: () => { ours.destroy(); } };
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Writes `input` to `stdin` and ends it. A pool chunk is held until its write is done (Node writes from the
 * caller's memory, so it must not be refilled meanwhile); other chunks are never reused by their makers.
 */
async function feed(input: AsyncIterable<Buffer>, stdin: Writable, pool: SlotPool): Promise<void> {
  stdin.on('error', () => undefined); // EPIPE when the decoder quits early: its exit status tells why
  try {
    for await (const chunk of input) {
      if (stdin.destroyed) break;
      const owned = pool.owns(chunk);
      if (owned) pool.retain(chunk);
      const more = stdin.write(chunk, () => { if (owned) pool.release(chunk); });
      if (!more) await drained(stdin);
    }
  } catch (error) {
    stdin.destroy(); // the decoder sees its input end, stops, and its output ends: the caller then sees `error`
    throw error;
  }
  stdin.end();
}

/** Resolves when `stream` takes writes again, or has closed (a decoder that died never drains). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** gzip in-process (zlib), with the same error rules as the child processes. */
async function* gunzip(input: AsyncIterable<Buffer>, options: DecompressOptions): AsyncGenerator<Buffer, void, undefined> {
  const transform = createGunzip({ chunkSize: 256 * 1024 });
  const fed = feed(input, transform, options.input).then(() => undefined, (error: unknown) => asError(error));
  try {
    try {
      for await (const chunk of transform as AsyncIterable<Buffer>) yield chunk;
    } catch (error) {
      const feedError = await fed;
      if (feedError instanceof ImageDownloadError) throw feedError;
      options.signal.throwIfAborted();
      throw new ImageWriteError(`gzip decompression failed: ${(error as Error).message}; the gzip image is truncated or corrupt`, { cause: error });
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
