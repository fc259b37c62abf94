import type { BodySink } from './http-get.js';
import type { SlotPool } from './slot-pool.js';

/** Memory for the one read that can arrive after a pause: Node asks for the next read's memory eagerly. */
const PARK_BYTES = 64 * 1024;

/**
 * Fills a SlotPool's slots with a socket's bytes (an HTTP body, a decompressor's output) and hands them out
 * in order, each slot whole: slot k holds the stream's bytes [k × slotBytes, (k+1) × slotBytes), so a raw
 * image's slots fall on aligned disk offsets and are written where they lie. When every slot is lent the
 * socket pauses (flow control reaches the sender). Across reconnections (Range resume) the same slot goes on
 * filling.
 */
export class SlotFiller implements BodySink {
  /** Bytes taken in so far. */
  received = 0;
  private slot: Buffer | undefined;
  private filled = 0;
  private readonly parking = Buffer.allocUnsafe(PARK_BYTES);
  private lastSpace: Buffer | undefined;
  /** Bytes that arrived while no slot was free (copied; the socket is paused until they are placed). */
  private pending: Buffer | undefined;
  private readonly full: Buffer[] = [];
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private placing: Promise<void> | undefined;

  constructor(private readonly pool: SlotPool) {}

  space(): Buffer {
    if (this.pending === undefined) this.slot ??= this.pool.tryTake();
    this.lastSpace = this.slot !== undefined && this.pending === undefined ? this.slot.subarray(this.filled) : this.parking;
    return this.lastSpace;
  }

  commit(bytes: number): boolean {
    if (this.lastSpace === this.parking || this.slot === undefined) return this.put(this.parking.subarray(0, bytes));
    this.received += bytes;
    this.filled += bytes;
    return this.filled === this.slot.length ? this.rotate() : true;
  }

  put(bytes: Buffer): boolean {
    this.received += bytes.length;
    if (this.pending !== undefined) {
      this.pending = Buffer.concat([this.pending, bytes]);
      return false;
    }
    const placed = this.copyIn(bytes);
    if (placed < bytes.length) this.pending = Buffer.from(bytes.subarray(placed));
    return this.pending === undefined && this.slot !== undefined;
  }

  ready(): Promise<void> {
    this.placing ??= this.placePending().finally(() => { this.placing = undefined; });
    return this.placing;
  }

  /** The stream is complete. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** The stream failed; the reader gets `error` after the slots filled so far. */
  fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }

  /**
   * The filled slots in order, the last one possibly short. A chunk stays valid until the next one is asked
   * for; whoever needs it longer retains it in the pool.
   */
  async *chunks(): AsyncGenerator<Buffer, void, undefined> {
    try {
      for (;;) {
        const next = this.full.shift();
        if (next !== undefined) {
          try {
            yield next;
          } finally {
            this.pool.release(next);
          }
        } else if (this.failure !== undefined) {
          throw this.failure;
        } else if (this.ended && this.pending !== undefined) {
          await this.ready();
        } else if (this.ended) {
          if (this.slot === undefined || this.filled === 0) return;
          this.full.push(this.slot.subarray(0, this.filled));
          this.slot = undefined;
        } else {
          await new Promise<void>((resolve) => { this.wake = resolve; });
        }
      }
    } finally {
      for (const chunk of this.full.splice(0)) this.pool.release(chunk);
      if (this.slot !== undefined) this.pool.release(this.slot);
      this.slot = undefined;
    }
  }

  /** Copies as much of `bytes` into slots as free slots allow; returns how much. */
  private copyIn(bytes: Buffer): number {
    let at = 0;
    while (at < bytes.length) {
      this.slot ??= this.pool.tryTake();
      if (this.slot === undefined) break;
      const n = bytes.copy(this.slot, this.filled, at);
      this.filled += n;
      at += n;
      if (this.filled === this.slot.length) this.rotate();
    }
    return at;
  }

  /** Waits for slots until the pending bytes are placed. */
  private async placePending(): Promise<void> {
    for (;;) {
      if (this.slot === undefined) {
        this.slot = await this.pool.take();
        this.filled = 0;
      }
      const pending = this.pending;
      if (pending === undefined) return;
      const placed = this.copyIn(pending);
      this.pending = placed < pending.length ? pending.subarray(placed) : undefined;
    }
  }

  /** Hands the full slot out and takes the next; false when none is free. */
  private rotate(): boolean {
    if (this.slot !== undefined) this.full.push(this.slot);
    this.slot = this.pool.tryTake();
    this.filled = 0;
    this.notify();
    return this.slot !== undefined;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
