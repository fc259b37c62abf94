import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlockWriter } from './block-writer.js';
import { InvalidImage } from '../../core/index.js';
import { parseQcow2Header } from './qcow2-header.js';
import { readQcow2Map } from './qcow2-map.js';
import { writeQcow2Stream } from './write-qcow2-stream.js';

// Images are made by qemu-img (qemu-utils on CI) from random data, so the parser is checked against the
// real writer of the format, not against our own idea of it.
const dir = mkdtempSync(join(tmpdir(), 'ferro-qcow2-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });
const MIB = 1024 * 1024;

function qemuImg(...args: string[]): void {
  execFileSync('qemu-img', args, { stdio: 'pipe' });
}

/** A raw disk: random runs and zero runs, with a size that is not a multiple of the cluster size. */
function rawDisk(name: string, size: number): { path: string; data: Buffer } {
  const data = Buffer.alloc(size);
  for (let at = 0; at < size; at += 256 * 1024) if ((at / (256 * 1024)) % 3 !== 1) randomBytes(Math.min(200_000, size - at)).copy(data, at);
  const path = join(dir, name);
  writeFileSync(path, data);
  return { path, data };
}

/** Maps the qcow2 file and streams it into memory, as writeImage does over HTTP. */
async function convertInMemory(file: Buffer, disk: Buffer): Promise<void> {
  const header = parseQcow2Header(file.subarray(0, 65536), file.length);
  const map = await readQcow2Map(header, file.subarray(0, 65536), async (start, length) => file.subarray(start, start + length), file.length);
  const target = {
    path: 'memory', isBlockDevice: true, capacityBytes: disk.length,
    write: async (data: Buffer, offset: number) => { data.copy(disk, offset); return false; },
    startZeroOut: () => ({ add: ({ offset, length }: { offset: number; length: number }) => { disk.fill(0, offset, offset + length); }, end: () => Promise.resolve(), done: Promise.resolve() }),
    sync: async () => undefined,
  };
  const writer = new BlockWriter(target, { zeroBlockBytes: 65536, zeroOutMinBytes: MIB, maxInFlightBytes: 8 * MIB, syncEveryBytes: 0, signal: new AbortController().signal });
  for (const range of map.zeroRanges) await writer.zero(range.offset, range.length);
  const chunks = async function* () { for (let at = 0; at < file.length; at += 50_000) yield file.subarray(at, at + 50_000); };
  await writeQcow2Stream(map, chunks(), (offset, data) => writer.write(offset, data), header.clusterBytes);
  await writer.flush();
}

describe('qcow2 reader', () => {
  const raw = rawDisk('disk.raw', 5 * MIB + 4096 * 3);

  it.each([
    ['version 3, 64 KiB clusters', ['-O', 'qcow2']],
    ['version 2 (compat=0.10), 4 KiB clusters', ['-O', 'qcow2', '-o', 'compat=0.10,cluster_size=4096']],
    ['deflate-compressed clusters', ['-c', '-O', 'qcow2']],
    ['2 MiB clusters', ['-O', 'qcow2', '-o', 'cluster_size=2M']],
  ])('reads %s back to the raw disk byte for byte', async (_name, args) => {
    const path = join(dir, `${_name.replace(/\W+/g, '-')}.qcow2`);
    qemuImg('convert', ...args, raw.path, path);
    const file = readFileSync(path);
    const header = parseQcow2Header(file, file.length);
    expect(header.virtualSizeBytes).toBe(raw.data.length);
    const disk = randomBytes(raw.data.length); // old content on the disk
    await convertInMemory(file, disk);
    expect(disk.equals(raw.data)).toBe(true);
  });

  it('refuses a backing file', () => {
    const path = join(dir, 'overlay.qcow2');
    qemuImg('create', '-f', 'qcow2', '-b', raw.path, '-F', 'raw', path);
    expect(() => parseQcow2Header(readFileSync(path), undefined)).toThrow(/backing file/);
  });

  it('refuses an external data file', () => {
    const path = join(dir, 'external.qcow2');
    qemuImg('create', '-f', 'qcow2', '-o', `data_file=${join(dir, 'external.data')}`, path, '1M');
    expect(() => parseQcow2Header(readFileSync(path), undefined)).toThrow(/external data file/);
  });

  it('refuses zstd-compressed clusters with a hint', () => {
    const path = join(dir, 'zstd.qcow2');
    qemuImg('convert', '-c', '-O', 'qcow2', '-o', 'compression_type=zstd', raw.path, path);
    expect(() => parseQcow2Header(readFileSync(path), undefined)).toThrow(/compression type 1 \(zstd\)/);
  });

  it('refuses truncated and garbage headers with InvalidImage', () => {
    const path = join(dir, 'good.qcow2');
    qemuImg('convert', '-O', 'qcow2', raw.path, path);
    const good = readFileSync(path).subarray(0, 65536);
    expect(() => parseQcow2Header(good.subarray(0, 50), undefined)).toThrow(InvalidImage);
    expect(() => parseQcow2Header(randomBytes(4096), undefined)).toThrow(/no QFI/);
    const hugeL1 = Buffer.from(good);
    hugeL1.writeUInt32BE(0xffffffff, 36);
    expect(() => parseQcow2Header(hugeL1, undefined)).toThrow(/l1_size/);
    const l1PastEnd = Buffer.from(good);
    l1PastEnd.writeBigUInt64BE(1n << 40n, 40);
    expect(() => parseQcow2Header(l1PastEnd, good.length)).toThrow(/beyond the end/);
  });

  it('survives 2000 random mutations of a real header and its tables with InvalidImage or a result', async () => {
    const path = join(dir, 'fuzz.qcow2');
    qemuImg('convert', '-O', 'qcow2', '-o', 'cluster_size=4096', raw.path, path);
    const file = readFileSync(path);
    const read = async (start: number, length: number) => file.subarray(start, start + length);
    let refused = 0;
    for (let round = 0; round < 2000; round++) {
      const mutated = Buffer.from(file.subarray(0, 65536));
      for (let k = 0; k < 1 + (round % 8); k++) mutated[Math.floor(Math.random() * (round % 2 === 0 ? 112 : mutated.length))] = Math.floor(Math.random() * 256);
      try {
        const header = parseQcow2Header(mutated, file.length);
        await readQcow2Map(header, mutated, read, file.length);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidImage);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
  });
});
