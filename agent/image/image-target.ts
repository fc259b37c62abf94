import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { open, readFile, realpath, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImageWriteError } from '../../core/index.js';
import { SLOT_ALIGN_BYTES } from './slot-pool.js';

/** A byte range of the target, offset and length multiples of 512. */
export interface ZeroRange {
  offset: number;
  length: number;
}

// One shell for the whole write, fed the ranges on stdin as the writer finds them: a Node spawn costs
// milliseconds of CPU (fork of a large process), a shell's fork of blkdiscard far less. With one spawn per
// zero run a sparse image on a loop device was slower than writing the zeros; with batches of 64 runs the last
// batch ran after the download, 50-200 ms per 512 MiB (bench/image-write.ts). The shell kills its running
// blkdiscard when it is terminated (abort). $1 is util-linux's blkdiscard by absolute path: the ramdisk's shell
// is busybox ash, which runs its own `blkdiscard` applet (no --zeroout, no --force) for a bare name whatever
// PATH says (found in the lab).
const ZERO_OUT_SCRIPT = [
  "trap 'kill $child 2>/dev/null; exit 143' TERM INT",
  'while read -r offset length; do',
  '  "$1" --force --zeroout --offset "$offset" --length "$length" "$0" & child=$!',
  '  wait $child || exit $?',
  'done',
].join('\n');

/** Ranges being zeroed by one co-process, in the order they were added. */
export interface ZeroOut {
  /** Queues a range; offset and length are multiples of 512. */
  add(range: ZeroRange): void;
  /** No more ranges: resolves once all are zeroed, rejects when blkdiscard failed (also before end is called). */
  end(): Promise<void>;
  /** Settles when the co-process has exited: fulfilled after success, rejected naming the failure. */
  readonly done: Promise<void>;
}

/** Bytes wiped at the start of the target after a failed write, so that the disk does not look bootable. */
export const WIPE_BYTES = 1024 * 1024;

/**
 * The disk (or, in tests, a regular file) an image is written to. A regular file is truncated to zero
 * first, so every region never written reads as zero; a block device keeps its old data, so regions the
 * image has as zeros must be zeroed explicitly (startZeroOut).
 *
 * Aligned writes from slot memory go through a second descriptor opened with O_DIRECT, like `dd oflag=direct`:
 * buffered, every byte was copied into the page cache (whose pages had to be allocated first: 0.4-1.5 s of
 * kernel time per 512 MiB after a dd run had emptied it) and written back later by the kernel. A filesystem
 * that refuses O_DIRECT at open (tmpfs before Linux 6.6, some FUSE) or at the first write (EINVAL: alignment)
 * gets buffered writes, as does every unaligned piece (an image's odd tail, the wipe).
 */
export class ImageTarget {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** A block device: old content survives where nothing is written. */
    readonly isBlockDevice: boolean,
    /** Size of the block device; undefined for a regular file, which grows. */
    readonly capacityBytes: number | undefined,
    /** A regular file's size before the write: a file standing in for a disk keeps it (file-disk mode). */
    private readonly originalBytes = 0,
    /** util-linux's blkdiscard, looked up once per write (zero runs go out in many batches). */
    private readonly blkdiscard = 'blkdiscard',
    /** The same file opened with O_DIRECT, while the kernel accepts our writes through it. */
    private direct?: FileHandle,
  ) {}

  /** Opens `path` for writing; a regular file is created or truncated to zero (not a block device). */
  static async open(path: string): Promise<ImageTarget> {
    let handle: FileHandle;
    try {
      handle = await open(path, constants.O_WRONLY | constants.O_CREAT);
    } catch (error) {
      throw new ImageWriteError(`Cannot open the target ${path} for writing: ${(error as Error).message}`, { cause: error });
    }
    try {
      const stat = await handle.stat();
      if (stat.isBlockDevice()) return new ImageTarget(path, handle, true, await blockDeviceSize(path), 0, await utilLinuxBlkdiscard(), await openDirect(path));
      if (!stat.isFile()) throw new ImageWriteError(`The target ${path} is neither a block device nor a regular file`);
      // Emptied so skipped zero runs read as zeros, then given its size back at once: a file standing in for a
      // disk (file-disk mode) keeps its size even when the write is aborted.
      await handle.truncate(0);
      await handle.truncate(stat.size);
      return new ImageTarget(path, handle, false, undefined, stat.size, 'blkdiscard', await openDirect(path));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** True while aligned writes still go around the page cache (O_DIRECT). */
  get isDirect(): boolean {
    return this.direct !== undefined;
  }

  /**
   * Writes all of `data` at `offset` (pwrite may write less than asked); resolves to true when it went around
   * the page cache. Only slot memory (a SharedArrayBuffer, page-aligned) at 4 KiB-aligned offsets and lengths
   * is tried with O_DIRECT; EINVAL there turns O_DIRECT off for the rest of the write and redoes it buffered.
   */
  async write(data: Buffer, offset: number): Promise<boolean> {
    const direct = this.direct;
    if (direct !== undefined && isDirectAligned(data, offset)) {
      try {
        await writeAll(direct, data, offset, this.path);
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EINVAL') throw error;
        this.direct = undefined;
        await direct.close().catch(() => undefined);
      }
    }
    await writeAll(this.handle, data, offset, this.path);
    return false;
  }

  /**
   * Starts zeroing ranges of a block device with BLKZEROOUT (`blkdiscard --zeroout`): the kernel uses WRITE
   * ZEROES/UNMAP where the device has them and writes zero pages where it does not. One co-process takes the
   * ranges as they are added, so zeroing overlaps the download and little is left at the end.
   */
  startZeroOut(signal: AbortSignal): ZeroOut {
    const child = spawn('sh', ['-c', ZERO_OUT_SCRIPT, this.path, this.blkdiscard], { stdio: ['pipe', 'ignore', 'pipe'], signal });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => { if (stderr.length < 16) stderr.push(chunk); });
    child.stdin.on('error', () => undefined); // EPIPE once the shell has stopped: `done` says why
    const done = new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, killedBy) => {
        if (code === 0) { resolve(); return; }
        const words = Buffer.concat(stderr).toString('utf8').trim().slice(-300) || 'no message';
        reject(new ImageWriteError(`Zeroing ranges of ${this.path} with blkdiscard --zeroout failed (${code === null ? `killed by ${killedBy ?? 'a signal'}` : `exit code ${code}`}): ${words}`));
      });
    });
    done.catch(() => undefined); // observed through end() or by whoever tracks `done`
    return {
      add: (range) => { if (range.length > 0) child.stdin.write(`${range.offset} ${range.length}\n`); },
      end: () => { child.stdin.end(); return done; },
      done,
    };
  }

  /**
   * Ends a successful write: a regular file gets its logical size (a trailing zero run is a hole), then
   * fdatasync, so the image survives a power cut once the command reports SUCCEEDED.
   */
  async finish(sizeBytes: number): Promise<void> {
    if (!this.isBlockDevice) await this.handle.truncate(Math.max(sizeBytes, this.originalBytes));
    await this.handle.datasync();
  }

  /** fdatasync: what has been written so far is on the disk. */
  async sync(): Promise<void> {
    await this.handle.datasync();
  }

  /** Overwrites the first MiB with zeros (partition tables, boot sectors), best effort; true when done. */
  async wipeStart(): Promise<boolean> {
    try {
      const length = this.capacityBytes === undefined ? WIPE_BYTES : Math.min(WIPE_BYTES, this.capacityBytes);
      await this.write(Buffer.alloc(length), 0);
      await this.handle.datasync();
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the descriptors (idempotent). */
  async close(): Promise<void> {
    await this.direct?.close().catch(() => undefined);
    await this.handle.close().catch(() => undefined);
  }
}

async function writeAll(handle: FileHandle, data: Buffer, offset: number, path: string): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, offset + done);
    if (bytesWritten <= 0) throw new ImageWriteError(`Writing to ${path} at byte ${offset + done} made no progress`);
    done += bytesWritten;
  }
}

function isDirectAligned(data: Buffer, offset: number): boolean {
  const aligned = (n: number): boolean => n % SLOT_ALIGN_BYTES === 0;
  return data.buffer instanceof SharedArrayBuffer && aligned(data.byteOffset) && aligned(data.length) && aligned(offset);
}

/** `path` opened again with O_DIRECT, or undefined where the filesystem refuses it. */
async function openDirect(path: string): Promise<FileHandle | undefined> {
  return open(path, constants.O_WRONLY | constants.O_DIRECT).catch(() => undefined);
}

/** Size from sysfs (`/sys/class/block/<name>/size`, always 512-byte units): fstat reports 0 for devices. */
async function blockDeviceSize(path: string): Promise<number> {
  const name = basename(await realpath(path));
  const sectors = (await readFile(`/sys/class/block/${name}/size`, 'utf8')).trim();
  if (!/^\d+$/.test(sectors)) throw new ImageWriteError(`Cannot read the size of ${path} from sysfs`);
  return Number(sectors) * 512;
}

const BLKDISCARD_CANDIDATES = ['/usr/sbin/blkdiscard', '/sbin/blkdiscard', '/usr/bin/blkdiscard', '/bin/blkdiscard'];

/** The first blkdiscard that is util-linux's, not a symlink to busybox; the bare name when none is found. */
async function utilLinuxBlkdiscard(): Promise<string> {
  for (const candidate of BLKDISCARD_CANDIDATES) {
    const real = await realpath(candidate).catch(() => undefined);
    if (real !== undefined && basename(real) !== 'busybox') return candidate;
  }
  return 'blkdiscard';
}
