import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlockWriter, type WritableTarget } from './block-writer.js';
import { InvalidImage } from '../../core/index.js';
import { SlotPool } from './slot-pool.js';

const KIB = 1024;
const MIB = 1024 * KIB;

/** A block device in memory: keeps old content where nothing is written, like a real disk. */
function fakeDisk(size: number, isBlockDevice = true): WritableTarget & { data: Buffer; zeroOuts: Array<[number, number]>; zeroOutStarts: number; zeroOutEnded: boolean; writes: number } {
  const data = randomBytes(size); // old data that must not survive where the image has zeros
  const disk = {
    path: '/dev/fake', isBlockDevice, capacityBytes: isBlockDevice ? size : undefined, data, zeroOuts: [] as Array<[number, number]>, zeroOutStarts: 0, zeroOutEnded: false, writes: 0,
    write: async (buffer: Buffer, offset: number) => { disk.writes++; buffer.copy(data, offset); return false; },
    sync: async () => undefined,
    startZeroOut: () => {
      disk.zeroOutStarts++;
      let finish: () => void = () => undefined;
      const done = new Promise<void>((resolve) => { finish = resolve; });
      return {
        add: ({ offset, length }: { offset: number; length: number }) => { disk.zeroOuts.push([offset, length]); data.fill(0, offset, offset + length); },
        end: () => { disk.zeroOutEnded = true; finish(); return done; },
        done,
      };
    },
  };
  return disk;
}

function options(overrides: Partial<{ zeroBlockBytes: number; zeroOutMinBytes: number; maxInFlightBytes: number }> = {}) {
  return { zeroBlockBytes: 64 * KIB, zeroOutMinBytes: MIB, maxInFlightBytes: 8 * MIB, syncEveryBytes: 4 * MIB, signal: new AbortController().signal, ...overrides };
}

/** 40% data / 60% zeros in runs of 4 KiB .. 3 MiB, deliberately not aligned to the zero block. */
function sparseImage(size: number): Buffer {
  const image = Buffer.alloc(size);
  for (let at = 0; at < size; ) {
    const run = Math.min(size - at, 4 * KIB * (1 + Math.floor(Math.random() * 768)));
    if (Math.random() < 0.4) randomBytes(run).copy(image, at);
    at += run;
  }
  return image;
}

async function writeInChunks(writer: BlockWriter, image: Buffer, chunk: number): Promise<void> {
  for (let at = 0; at < image.length; at += chunk) await writer.write(at, image.subarray(at, at + chunk));
  await writer.flush();
}

describe('BlockWriter', () => {
  it('reads back exactly the image over a disk full of old data, zeroing long zero runs instead of writing them', async () => {
    const image = sparseImage(24 * MIB + 1536); // an odd tail: not a multiple of the zero block
    const disk = fakeDisk(32 * MIB);
    const writer = new BlockWriter(disk, options());
    await writeInChunks(writer, image, 61 * KIB + 7);
    expect(disk.data.subarray(0, image.length).equals(image)).toBe(true);
    expect(writer.bytesWritten + writer.bytesSkipped).toBeGreaterThanOrEqual(image.length);
    expect(disk.zeroOuts.length).toBeGreaterThan(0);
    for (const [offset, length] of disk.zeroOuts) {
      expect(offset % 512).toBe(0);
      expect(length).toBeGreaterThanOrEqual(MIB);
    }
  });

  it('skips every zero block on a regular file (holes) and counts it as skipped', async () => {
    const image = Buffer.concat([randomBytes(100 * KIB), Buffer.alloc(5 * MIB), randomBytes(10)]);
    const file = fakeDisk(8 * MIB, false);
    file.data.fill(0); // a truncated file reads as zeros
    const writer = new BlockWriter(file, options());
    await writeInChunks(writer, image, 64 * KIB);
    expect(file.data.subarray(0, image.length).equals(image)).toBe(true);
    expect(writer.bytesSkipped).toBe(79 * 64 * KIB); // the aligned blocks inside [100 KiB, 5220 KiB): 128 KiB .. 5184 KiB
    expect(file.zeroOuts).toEqual([]);
  });

  it('zeroes declared zero ranges written out of order (qcow2 unallocated clusters)', async () => {
    const disk = fakeDisk(4 * MIB);
    const writer = new BlockWriter(disk, options());
    const data = randomBytes(64 * KIB);
    await writer.write(3 * MIB, data);
    await writer.zero(0, 2 * MIB);
    await writer.zero(2 * MIB, 64 * KIB); // joins the previous run
    await writer.flush();
    expect(disk.data.subarray(0, 2 * MIB + 64 * KIB).equals(Buffer.alloc(2 * MIB + 64 * KIB))).toBe(true);
    expect(disk.data.subarray(3 * MIB, 3 * MIB + data.length).equals(data)).toBe(true);
    expect(disk.zeroOuts).toEqual([[0, 2 * MIB + 64 * KIB]]);
  });

  it('hands all zero runs to one zeroing process as they end, and ends it at the flush', async () => {
    const run = 2 * MIB;
    const image = Buffer.concat(Array.from({ length: 100 }, () => [randomBytes(64 * KIB), Buffer.alloc(run)]).flat());
    const disk = fakeDisk(image.length);
    const writer = new BlockWriter(disk, options());
    await writeInChunks(writer, image, 64 * KIB);
    expect(disk.data.equals(image)).toBe(true);
    expect(disk.zeroOuts).toHaveLength(100);
    expect(disk.zeroOutStarts).toBe(1); // one co-process for the whole write, not one per run or batch
    expect(disk.zeroOutEnded).toBe(true);
  });

  it('writes pool chunks where they lie, holding each slot until its writes are done', async () => {
    const disk = fakeDisk(16 * MIB);
    let finishWrite: () => void = () => undefined;
    const written: Buffer[] = [];
    disk.write = (buffer: Buffer, offset: number) => {
      written.push(buffer);
      buffer.copy(disk.data, offset);
      return new Promise<boolean>((resolve) => { finishWrite = () => { resolve(true); }; });
    };
    const pool = new SlotPool(1, 4 * MIB);
    const slot = (pool.tryTake() as Buffer).fill(9);
    const writer = new BlockWriter(disk, options());
    await writer.write(4 * MIB, slot, pool);
    pool.release(slot); // the caller is done with it; the write is not
    expect(written).toHaveLength(1);
    expect(written[0]?.buffer).toBe(pool.memory); // not copied into a stage
    expect(pool.tryTake()).toBeUndefined();
    finishWrite();
    await writer.flush();
    expect(pool.tryTake()).toBeDefined();
    expect(disk.data.subarray(4 * MIB, 8 * MIB).equals(Buffer.alloc(4 * MIB, 9))).toBe(true);
  });

  it('refuses to write past the end of a block device', async () => {
    const writer = new BlockWriter(fakeDisk(MIB), options());
    await expect(writer.write(MIB - 10, randomBytes(11))).rejects.toBeInstanceOf(InvalidImage);
  });

  it('reports a failed write on the next call', async () => {
    const disk = fakeDisk(16 * MIB);
    disk.write = () => Promise.reject(new Error('EIO'));
    const writer = new BlockWriter(disk, options());
    await expect(writeInChunks(writer, randomBytes(8 * MIB), MIB)).rejects.toThrow('EIO');
  });
});
