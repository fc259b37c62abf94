import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SlotPool } from './slot-pool.js';
import { WorkerHash } from './worker-hash.js';

const MIB = 1024 * 1024;

describe('WorkerHash', () => {
  it.each([
    ['sha256', 64 * 1024 + 3],
    ['sha512', 5 * MIB + 1], // chunks larger than a slot
    ['sha256', 999_983], // a prime: slot boundaries fall inside chunks
  ])('%s of chunks of %i bytes equals node:crypto over the same bytes, across slot boundaries', async (algorithm, chunkBytes) => {
    const data = randomBytes(17 * MIB + 12_345); // more than all slots together, an odd tail
    const hash = new WorkerHash(algorithm, new SlotPool(2, MIB));
    try {
      for (let at = 0; at < data.length; at += chunkBytes) await hash.update(data.subarray(at, at + chunkBytes));
      await expect(hash.digest()).resolves.toBe(createHash(algorithm).update(data).digest('hex'));
    } finally {
      await hash.close();
    }
  });

  it('copies the bytes, so the caller may reuse its buffer at once', async () => {
    const buffer = Buffer.alloc(1000, 1);
    const hash = new WorkerHash('sha256', new SlotPool(2, MIB));
    await hash.update(buffer);
    buffer.fill(2);
    await expect(hash.digest()).resolves.toBe(createHash('sha256').update(Buffer.alloc(1000, 1)).digest('hex'));
    await hash.close();
  });

  it('hashes pool chunks where they lie, giving each slot back once hashed', async () => {
    const pool = new SlotPool(2, MIB);
    const hash = new WorkerHash('sha256', pool);
    const expected = createHash('sha256');
    try {
      for (let i = 0; i < 10; i++) { // 10 MiB through 2 slots: each must come back before the next take
        const slot = await pool.take();
        randomBytes(MIB - i).copy(slot);
        const chunk = slot.subarray(0, MIB - i);
        expected.update(chunk);
        await hash.update(chunk);
        pool.release(slot); // the hash still holds it
      }
      await expect(hash.digest()).resolves.toBe(expected.digest('hex'));
    } finally {
      await hash.close();
    }
  });

  it('fails updates after close instead of hanging', async () => {
    const hash = new WorkerHash('sha256', new SlotPool(2, MIB));
    await hash.close();
    await expect(hash.update(Buffer.alloc(5 * MIB))).rejects.toThrow('closed');
  });
});
