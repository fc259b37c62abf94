import { constants } from 'node:fs';
import { open, readFile, realpath, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { runCommand } from '../run-command.js';
import { ImageWriteError } from '../../core/index.js';

/** A byte range of the target, offset and length multiples of 512. */
export interface ZeroRange {
  offset: number;
  length: number;
}

// One shell per batch of ranges: a Node spawn costs milliseconds of CPU (fork of a large process), a shell's
// fork of blkdiscard far less; with one spawn per zero run, a sparse image on a loop device was slower than
// writing the zeros (bench/image-write.ts). The shell kills its running blkdiscard when it is terminated (abort).
// $1 is util-linux's blkdiscard by absolute path: the ramdisk's shell is busybox ash, which runs its own
// `blkdiscard` applet (no --zeroout, no --force) for a bare name whatever PATH says (found in the lab).
const ZERO_OUT_SCRIPT = [
  "trap 'kill $child 2>/dev/null; exit 143' TERM INT",
  'while read -r offset length; do',
  '  "$1" --force --zeroout --offset "$offset" --length "$length" "$0" & child=$!',
  '  wait $child || exit $?',
  'done',
].join('\n');

/** Bytes wiped at the start of the target after a failed write, so that the disk does not look bootable. */
export const WIPE_BYTES = 1024 * 1024;

/**
 * The disk (or, in tests, a regular file) an image is written to. A regular file is truncated to zero
 * first, so every region never written reads as zero; a block device keeps its old data, so regions the
 * image has as zeros must be zeroed explicitly (zeroOut).
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
      if (stat.isBlockDevice()) return new ImageTarget(path, handle, true, await blockDeviceSize(path), 0, await utilLinuxBlkdiscard());
      if (!stat.isFile()) throw new ImageWriteError(`The target ${path} is neither a block device nor a regular file`);
      // Emptied so skipped zero runs read as zeros, then given its size back at once: a file standing in for a
      // disk (file-disk mode) keeps its size even when the write is aborted.
      await handle.truncate(0);
      await handle.truncate(stat.size);
      return new ImageTarget(path, handle, false, undefined, stat.size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Writes all of `data` at `offset` (pwrite may write less than asked). */
  async write(data: Buffer, offset: number): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, offset + done);
      if (bytesWritten <= 0) throw new ImageWriteError(`Writing to ${this.path} at byte ${offset + done} made no progress`);
      done += bytesWritten;
    }
  }

  /**
   * Makes each range read as zero on a block device with BLKZEROOUT (`blkdiscard --zeroout`): the kernel uses
   * WRITE ZEROES/UNMAP where the device has them and writes zero pages where it does not. Offsets and lengths
   * must be multiples of 512 (the writer passes 64 KiB-aligned runs).
   */
  async zeroOut(ranges: readonly ZeroRange[], signal: AbortSignal): Promise<void> {
    const lines = ranges.filter((range) => range.length > 0).map((range) => `${range.offset} ${range.length}\n`);
    if (!this.isBlockDevice || lines.length === 0) return;
    await runCommand('sh', ['-c', ZERO_OUT_SCRIPT, this.path, this.blkdiscard], { signal, input: lines.join('') });
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

  /** Closes the descriptor (idempotent). */
  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
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
