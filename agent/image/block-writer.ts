import { InvalidImage } from '../../core/index.js';
import type { ImageTarget, ZeroOut } from './image-target.js';
import { alignedZeros, SLOT_ALIGN_BYTES, SlotPool } from './slot-pool.js';

/** Tunables of the writer (slices of WriteImageOptions). */
export interface BlockWriterOptions {
  zeroBlockBytes: number;
  zeroOutMinBytes: number;
  maxInFlightBytes: number;
  /** fdatasync after this many bytes written (0 = only at the end). */
  syncEveryBytes: number;
  signal: AbortSignal;
}

/** The part of ImageTarget the writer uses (tests give a fake block device). */
export type WritableTarget = Pick<ImageTarget, 'path' | 'isBlockDevice' | 'capacityBytes' | 'write' | 'startZeroOut' | 'sync'>;

/** Bytes gathered before zero detection and one pwrite: fewer, larger writes than the 16-64 KiB HTTP chunks. */
const STAGE_BYTES = 4 * 1024 * 1024;

/**
 * Writes the image's logical content at given offsets, skipping all-zero blocks ("sparse" writing). Blocks are
 * aligned on the target, so a skipped block is exactly a region the image has as zeros: a hole in a
 * truncated regular file, or a run zeroed with BLKZEROOUT (long runs, handed to one co-process) or written as
 * zeros (short runs) on a block device. Writes overlap the download up to maxInFlightBytes.
 *
 * Stages live in a SlotPool (page-aligned, so the target can write them with O_DIRECT). A chunk that is itself
 * pool memory at an aligned offset (a download or decompressor slot) is written from where it lies instead of
 * being copied into a stage: raw images reach the disk without a single memcpy in this process.
 */
export class BlockWriter {
  bytesWritten = 0;
  bytesSkipped = 0;
  private readonly stages: SlotPool;
  private stage: Buffer | undefined;
  private stageOffset = 0;
  private stageLength = 0;
  private zeroRun: { start: number; end: number } | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private inFlightBytes = 0;
  private zeroOut: ZeroOut | undefined;
  private unsyncedBytes = 0;
  private syncing = false;
  private failure: Error | undefined;
  private readonly zeros: Buffer;

  constructor(private readonly target: WritableTarget, private readonly options: BlockWriterOptions) {
    this.zeros = alignedZeros(Math.max(options.zeroBlockBytes, 1024 * 1024)); // written in pieces of this size
    this.stages = new SlotPool(Math.ceil(options.maxInFlightBytes / STAGE_BYTES) + 1, STAGE_BYTES);
  }

  /** Logical bytes handled so far (written + skipped), for progress. */
  get bytesDone(): number {
    return this.bytesWritten + this.bytesSkipped + this.stageLength;
  }

  /**
   * Accepts image bytes at `offset`; contiguous calls are staged into 4 MiB writes. When `data` lies in
   * `lender`'s memory at an aligned offset it is written in place, held until its writes finish; otherwise it
   * is copied, and the caller may reuse it once this resolves.
   */
  async write(offset: number, data: Buffer, lender?: SlotPool): Promise<void> {
    this.checkCapacity(offset + data.length);
    if (this.stageLength > 0 && offset !== this.stageOffset + this.stageLength) await this.flushStage();
    if (this.stageLength === 0 && lender?.owns(data) === true && offset % SLOT_ALIGN_BYTES === 0 && data.byteOffset % SLOT_ALIGN_BYTES === 0) {
      lender.retain(data);
      await this.flushBuffer(data, offset, () => { lender.release(data); });
      return;
    }
    let done = 0;
    while (done < data.length) {
      if (this.stageLength === 0) this.stageOffset = offset + done;
      this.stage ??= await this.stages.take();
      const n = data.copy(this.stage, this.stageLength, done);
      this.stageLength += n;
      done += n;
      if (this.stageLength === this.stage.length) await this.flushStage();
    }
  }

  /** Declares [offset, offset+length) zero without data (qcow2 unallocated clusters). */
  async zero(offset: number, length: number): Promise<void> {
    this.checkCapacity(offset + length);
    await this.flushStage();
    await this.addZeroRun(offset, offset + length);
  }

  /** Writes everything staged and waits for every write and zeroing; rethrows the first failure. */
  async flush(): Promise<void> {
    await this.flushStage();
    await this.endZeroRun();
    await this.settled();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Ends the zeroing and waits until no write or zeroing is under way any more (also after a failure). */
  async settled(): Promise<void> {
    void this.zeroOut?.end();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  private checkCapacity(end: number): void {
    const capacity = this.target.capacityBytes;
    if (capacity !== undefined && end > capacity) {
      throw new InvalidImage(`Image is larger than the target ${this.target.path}: it needs at least ${end} bytes, the device has ${capacity}`);
    }
  }

  /** Writes the stage out and returns it to the pool once its writes are done. */
  private async flushStage(): Promise<void> {
    const stage = this.stage;
    if (stage === undefined || this.stageLength === 0) return;
    const buffer = stage.subarray(0, this.stageLength);
    this.stage = undefined;
    this.stageLength = 0;
    await this.flushBuffer(buffer, this.stageOffset, () => { this.stages.release(stage); });
  }

  /** Splits `buffer` (at `base`) into target-aligned blocks: data runs are written, zero runs coalesced. */
  private async flushBuffer(buffer: Buffer, base: number, written: () => void): Promise<void> {
    const writes: Array<Promise<void>> = [];
    const block = this.options.zeroBlockBytes;
    let runStart = 0;
    let position = 0;
    try {
      while (position < buffer.length) {
        const end = Math.min(buffer.length, block - ((base + position) % block) + position);
        if (this.isZero(buffer, position, end)) {
          if (runStart < position) writes.push((await this.submit(buffer.subarray(runStart, position), base + runStart)).settled);
          await this.addZeroRun(base + position, base + end);
          runStart = end;
        }
        position = end;
      }
      if (runStart < buffer.length) writes.push((await this.submit(buffer.subarray(runStart), base + runStart)).settled);
    } finally {
      void this.track(0, Promise.all(writes).then(written)); // tracked: flush() returns with the memory given back
    }
  }

  private isZero(buffer: Buffer, start: number, end: number): boolean {
    return buffer.subarray(start, end).equals(this.zeros.subarray(0, end - start));
  }

  private async addZeroRun(start: number, end: number): Promise<void> {
    if (this.zeroRun?.end === start) {
      this.zeroRun.end = end;
      return;
    }
    await this.endZeroRun();
    this.zeroRun = { start, end };
  }

  /** A finished zero run: nothing to do in a truncated file; BLKZEROOUT or zeros on a block device. */
  private async endZeroRun(): Promise<void> {
    const run = this.zeroRun;
    this.zeroRun = undefined;
    if (run === undefined) return;
    const length = run.end - run.start;
    if (!this.target.isBlockDevice) {
      this.bytesSkipped += length;
      return;
    }
    const aligned = length - (length % 512);
    if (aligned >= this.options.zeroOutMinBytes && run.start % 512 === 0) {
      this.bytesSkipped += aligned;
      this.startZeroOut().add({ offset: run.start, length: aligned });
      if (aligned < length) await this.submit(this.zeros.subarray(0, length - aligned), run.start + aligned);
      return;
    }
    for (let at = run.start; at < run.end; at += this.zeros.length) {
      await this.submit(this.zeros.subarray(0, Math.min(this.zeros.length, run.end - at)), at);
    }
  }

  /** The zeroing co-process, started at the first long zero run; a failure counts as a failed write. */
  private startZeroOut(): ZeroOut {
    if (this.zeroOut === undefined) {
      this.zeroOut = this.target.startZeroOut(this.options.signal);
      void this.track(0, this.zeroOut.done);
    }
    return this.zeroOut;
  }

  /** Hands `data` to the kernel once the in-flight budget allows; resolves to the write's settlement. */
  private async submit(data: Buffer, offset: number): Promise<{ settled: Promise<void> }> {
    if (this.failure !== undefined) throw this.failure;
    while (this.inFlightBytes + data.length > this.options.maxInFlightBytes && this.inFlight.size > 0) {
      await Promise.race(this.inFlight);
    }
    this.bytesWritten += data.length;
    const written = this.track(data.length, this.target.write(data, offset).then((direct) => { if (!direct) this.countBuffered(data.length); }));
    return { settled: written };
  }

  /**
   * With 24 GiB of RAM the kernel would keep gigabytes of buffered writes dirty and write them all at the final
   * fdatasync, after the download: syncing as we go overlaps disk writes with the download. O_DIRECT writes
   * leave nothing dirty, and an fdatasync on a loop device also syncs its backing file, so they do not count.
   */
  private countBuffered(bytes: number): void {
    this.unsyncedBytes += bytes;
    if (this.options.syncEveryBytes > 0 && this.unsyncedBytes >= this.options.syncEveryBytes && !this.syncing) {
      this.unsyncedBytes = 0;
      this.syncing = true;
      void this.track(0, this.target.sync().finally(() => { this.syncing = false; }));
    }
  }

  private track(bytes: number, operation: Promise<void>): Promise<void> {
    this.inFlightBytes += bytes;
    const settled: Promise<void> = operation
      .catch((error: unknown) => { this.failure ??= error instanceof Error ? error : new Error(String(error)); })
      .finally(() => { this.inFlightBytes -= bytes; this.inFlight.delete(settled); });
    this.inFlight.add(settled);
    return settled;
  }
}
