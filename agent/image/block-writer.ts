import { InvalidImage } from '../../core/index.js';
import type { ImageTarget, ZeroRange } from './image-target.js';

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
export type WritableTarget = Pick<ImageTarget, 'path' | 'isBlockDevice' | 'capacityBytes' | 'write' | 'zeroOut' | 'sync'>;

/** Bytes gathered before zero detection and one pwrite: fewer, larger writes than the 16-64 KiB HTTP chunks. */
const STAGE_BYTES = 4 * 1024 * 1024;

/** Zero runs handed to the target at once (one child process per batch, see ImageTarget.zeroOut). */
const ZERO_OUT_BATCH = 64;

/**
 * Writes the image's logical content at given offsets, skipping all-zero blocks ("sparse" writing). Blocks are
 * aligned on the target, so a skipped block is exactly a region the image has as zeros: a hole in a
 * truncated regular file, or a run zeroed with BLKZEROOUT (long runs, handed over in batches) or written as
 * zeros (short runs) on a block device. Writes overlap the download up to maxInFlightBytes.
 */
export class BlockWriter {
  bytesWritten = 0;
  bytesSkipped = 0;
  private stage: Buffer = Buffer.allocUnsafe(STAGE_BYTES);
  /** Stages whose writes have all finished, for reuse: a fresh 4 MiB buffer per flush costs page faults and GC. */
  private readonly spareStages: Buffer[] = [];
  private stageOffset = 0;
  private stageLength = 0;
  private zeroRun: { start: number; end: number } | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private inFlightBytes = 0;
  private zeroOutBatch: ZeroRange[] = [];
  private zeroOutInFlight: Promise<void> | undefined;
  private unsyncedBytes = 0;
  private syncing = false;
  private failure: Error | undefined;
  private readonly zeros: Buffer;

  constructor(private readonly target: WritableTarget, private readonly options: BlockWriterOptions) {
    this.zeros = Buffer.alloc(Math.max(options.zeroBlockBytes, 1024 * 1024)); // written in pieces of this size
  }

  /** Logical bytes handled so far (written + skipped), for progress. */
  get bytesDone(): number {
    return this.bytesWritten + this.bytesSkipped + this.stageLength;
  }

  /** Accepts image bytes at `offset`; contiguous calls are staged into 4 MiB writes. */
  async write(offset: number, data: Buffer): Promise<void> {
    this.checkCapacity(offset + data.length);
    if (this.stageLength > 0 && offset !== this.stageOffset + this.stageLength) await this.flushStage();
    let done = 0;
    while (done < data.length) {
      if (this.stageLength === 0) this.stageOffset = offset + done;
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
    await this.sendZeroOuts();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  private checkCapacity(end: number): void {
    const capacity = this.target.capacityBytes;
    if (capacity !== undefined && end > capacity) {
      throw new InvalidImage(`Image is larger than the target ${this.target.path}: it needs at least ${end} bytes, the device has ${capacity}`);
    }
  }

  /** Splits the staged bytes into target-aligned blocks: data runs are written, zero runs coalesced. */
  private async flushStage(): Promise<void> {
    if (this.stageLength === 0) return;
    const buffer = this.stage.subarray(0, this.stageLength);
    const base = this.stageOffset;
    const stage = this.stage;
    this.stage = this.spareStages.pop() ?? Buffer.allocUnsafe(STAGE_BYTES); // the old one belongs to the writes now
    this.stageLength = 0;
    const writes: Array<Promise<void>> = [];
    const block = this.options.zeroBlockBytes;
    let runStart = 0;
    let position = 0;
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
    void Promise.all(writes).then(() => { this.spareStages.push(stage); }); // settled promises never reject
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
      this.zeroOutBatch.push({ offset: run.start, length: aligned });
      if (this.zeroOutBatch.length >= ZERO_OUT_BATCH) await this.sendZeroOuts();
      if (aligned < length) await this.submit(this.zeros.subarray(0, length - aligned), run.start + aligned);
      return;
    }
    for (let at = run.start; at < run.end; at += this.zeros.length) {
      await this.submit(this.zeros.subarray(0, Math.min(this.zeros.length, run.end - at)), at);
    }
  }

  /** Hands the collected zero runs to the target, one batch at a time (they overlap the download). */
  private async sendZeroOuts(): Promise<void> {
    if (this.zeroOutBatch.length === 0) return;
    await this.zeroOutInFlight;
    const batch = this.zeroOutBatch;
    this.zeroOutBatch = [];
    this.zeroOutInFlight = this.track(0, this.target.zeroOut(batch, this.options.signal));
  }

  /** Hands `data` to the kernel once the in-flight budget allows; resolves to the write's settlement. */
  private async submit(data: Buffer, offset: number): Promise<{ settled: Promise<void> }> {
    if (this.failure !== undefined) throw this.failure;
    while (this.inFlightBytes + data.length > this.options.maxInFlightBytes && this.inFlight.size > 0) {
      await Promise.race(this.inFlight);
    }
    this.bytesWritten += data.length;
    const written = this.track(data.length, this.target.write(data, offset));
    this.unsyncedBytes += data.length;
    // With 24 GiB of RAM the kernel would keep gigabytes dirty and write them all at the final fdatasync,
    // after the download: syncing as we go overlaps disk writes with the download (dd oflag=direct does).
    if (this.options.syncEveryBytes > 0 && this.unsyncedBytes >= this.options.syncEveryBytes && !this.syncing) {
      this.unsyncedBytes = 0;
      this.syncing = true;
      void this.track(0, this.target.sync().finally(() => { this.syncing = false; }));
    }
    return { settled: written };
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
