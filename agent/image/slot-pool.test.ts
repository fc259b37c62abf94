import { describe, expect, it } from 'vitest';
import { alignedZeros, SlotPool } from './slot-pool.js';

describe('SlotPool', () => {
  it('lends each slot once until its last holder releases it, then wakes a waiting taker', async () => {
    const pool = new SlotPool(2, 4096);
    const a = pool.tryTake() as Buffer;
    const b = pool.tryTake() as Buffer;
    expect(pool.tryTake()).toBeUndefined();
    expect(a.byteOffset).not.toBe(b.byteOffset);
    pool.retain(a.subarray(100, 200)); // a view holds the whole slot
    let taken: Buffer | undefined;
    const waiting = pool.take().then((slot) => { taken = slot; });
    pool.release(a);
    await Promise.resolve();
    expect(taken).toBeUndefined(); // still held by the view
    pool.release(a.subarray(5));
    await waiting;
    expect(taken?.byteOffset).toBe(a.byteOffset);
  });

  it('tells its memory from other memory, and refuses to release what is free or not its own', () => {
    const pool = new SlotPool(1, 4096);
    const slot = pool.tryTake() as Buffer;
    expect(pool.owns(slot)).toBe(true);
    expect(pool.owns(Buffer.alloc(10))).toBe(false);
    pool.release(slot);
    expect(() => { pool.release(slot); }).toThrow('free slot');
    expect(() => { pool.retain(Buffer.alloc(10)); }).toThrow('not from this pool');
  });

  it('refuses slots that are not whole 4 KiB pages', () => {
    expect(() => new SlotPool(2, 1000)).toThrow(RangeError);
  });

  it('gives zeros of any length', () => {
    const zeros = alignedZeros(10_000);
    expect(zeros.length).toBe(10_000);
    expect(zeros.equals(Buffer.alloc(10_000))).toBe(true);
  });
});
