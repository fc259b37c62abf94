import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageTarget } from './image-target.js';
import { SlotPool } from './slot-pool.js';

const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'ferro-image-target-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('ImageTarget on a regular file', () => {
  it('writes slot memory around the page cache, anything else through it, and keeps the file size', async () => {
    const path = join(dir, 'disk.img');
    writeFileSync(path, randomBytes(8 * MIB));
    const target = await ImageTarget.open(path);
    try {
      if (!target.isDirect) {
        console.log(`skipped: the filesystem of ${tmpdir()} refuses O_DIRECT`);
        return;
      }
      const slot = (new SlotPool(1, MIB).tryTake() as Buffer).fill(1);
      expect(await target.write(slot, MIB)).toBe(true);
      expect(await target.write(Buffer.alloc(1000, 2), 3 * MIB)).toBe(false); // unaligned length
      expect(await target.write(slot.subarray(0, 4096), 4 * MIB + 512)).toBe(false); // unaligned offset
      await target.finish(2 * MIB);
    } finally {
      await target.close();
    }
    const back = readFileSync(path);
    expect(statSync(path).size).toBe(8 * MIB); // a file standing in for a disk keeps its size
    expect(back.subarray(0, MIB).equals(Buffer.alloc(MIB))).toBe(true);
    expect(back.subarray(MIB, 2 * MIB).equals(Buffer.alloc(MIB, 1))).toBe(true);
    expect(back.subarray(3 * MIB, 3 * MIB + 1000).equals(Buffer.alloc(1000, 2))).toBe(true);
    expect(back.subarray(4 * MIB + 512, 4 * MIB + 512 + 4096).equals(Buffer.alloc(4096, 1))).toBe(true);
  });

  it('falls back to buffered writes for good when the kernel refuses an O_DIRECT write (EINVAL)', async () => {
    const path = join(dir, 'fallback.img');
    const target = await ImageTarget.open(path);
    try {
      if (!target.isDirect) {
        console.log(`skipped: the filesystem of ${tmpdir()} refuses O_DIRECT`);
        return;
      }
      // 64 MiB is above glibc's largest mmap threshold: V8's calloc returns a page start + 16 bytes, which
      // passes our alignment check (a SharedArrayBuffer at byte offset 0) but not the kernel's.
      const misaligned = Buffer.from(new SharedArrayBuffer(64 * MIB)).subarray(0, MIB).fill(3);
      expect(await target.write(misaligned, 0)).toBe(false);
      expect(target.isDirect).toBe(false);
      const slot = (new SlotPool(1, MIB).tryTake() as Buffer).fill(4);
      expect(await target.write(slot, MIB)).toBe(false);
      await target.finish(2 * MIB);
    } finally {
      await target.close();
    }
    expect(readFileSync(path).equals(Buffer.concat([Buffer.alloc(MIB, 3), Buffer.alloc(MIB, 4)]))).toBe(true);
  });

  it('reports a zeroing co-process that fails, naming blkdiscard and its words', async () => {
    const target = await ImageTarget.open(join(dir, 'not-a-device.img'));
    try {
      const zeroOut = target.startZeroOut(new AbortController().signal);
      zeroOut.add({ offset: 0, length: MIB }); // blkdiscard refuses a regular file (or is missing: exit 127)
      await expect(zeroOut.end()).rejects.toThrow(/blkdiscard --zeroout failed \(exit code \d+\): \S/);
    } finally {
      await target.close();
    }
  });
});
