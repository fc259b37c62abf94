// writeImage (issue #5) against a loopback HTTP server and real files: every format made by the real tools
// (qemu-img, gzip, xz, zstd), servers with and without Range, 404, a connection cut mid-stream, wrong
// checksums, truncated and garbage images, abort, and a loop device holding old data when losetup works.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageChecksumMismatch, ImageDownloadError, ImageWriteError, InvalidImage, type JsonObject } from '../../core/index.js';
import { serveImages, type ImageServer, type ServedFile } from '../../agent/image/testing/serve-image.js';
import { writeImage } from '../../agent/image/write-image.js';
import type { WriteImageOptions } from '../../agent/image/write-image-options.js';

const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'ferro-image-write-'));
const fast: Partial<WriteImageOptions> = { retryDelayMs: 0, retries: 3, readTimeoutMs: 5000, tmpDir: dir };
let server: ImageServer;
let disk: Buffer;
const files: Record<string, ServedFile> = {};

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** An image file next to the raw disk; registered with and without Range. */
function addFile(name: string, make: (raw: string, out: string) => void): void {
  const out = join(dir, name);
  make(join(dir, 'disk.raw'), out);
  files[name] = { path: out };
  files[`norange/${name}`] = { path: out, range: false };
}

function ctx(signal = new AbortController().signal, messages: string[] = []) {
  return { node: {}, ports: [], signal, progress: (m: string) => { messages.push(m); } };
}

function info(name: string, extra: JsonObject = {}): JsonObject {
  return { id: 'img', urls: [server.url(name)], os_hash_algo: 'sha256', os_hash_value: sha256(readFileSync(join(dir, name.replace(/^\w+\//, '').replace(/^norange\//, '')))), ...extra };
}

beforeAll(async () => {
  // 12 MiB + 4 KiB: random runs and zero runs, so zero skipping and the unaligned tail both matter.
  disk = Buffer.alloc(12 * MIB + 4096);
  for (let at = 0; at < disk.length; at += 700_000) if (Math.floor(at / 700_000) % 5 < 2) randomBytes(Math.min(650_000, disk.length - at)).copy(disk, at);
  writeFileSync(join(dir, 'disk.raw'), disk);
  files['disk.raw'] = { path: join(dir, 'disk.raw') };
  files['norange/disk.raw'] = { path: join(dir, 'disk.raw'), range: false };
  addFile('disk.qcow2', (raw, out) => execFileSync('qemu-img', ['convert', '-O', 'qcow2', raw, out]));
  addFile('disk-c.qcow2', (raw, out) => execFileSync('qemu-img', ['convert', '-c', '-O', 'qcow2', raw, out]));
  addFile('disk.raw.gz', (raw, out) => { writeFileSync(out, execFileSync('gzip', ['-c', raw], { maxBuffer: 64 * MIB })); });
  addFile('disk.raw.xz', (raw, out) => { writeFileSync(out, execFileSync('xz', ['-c', '-T1', raw], { maxBuffer: 64 * MIB })); });
  addFile('disk.raw.zst', (raw, out) => { writeFileSync(out, execFileSync('zstd', ['-c', '-q', raw], { maxBuffer: 64 * MIB })); });
  server = await serveImages(files);
});

afterAll(async () => {
  // At file level: a describe whose tests are all filtered out (-t) skips its own hooks, and the device is made
  // when the file loads.
  if (loopDevice !== undefined) spawnSync('losetup', ['-d', loopDevice]);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('writeImage: formats', () => {
  it.each([
    ['disk.raw', 'raw'], ['disk.qcow2', 'qcow2'], ['disk-c.qcow2', 'qcow2'], ['disk.raw.gz', 'gzip'], ['disk.raw.xz', 'xz'], ['disk.raw.zst', 'zstd'],
    ['norange/disk.raw', 'raw'], ['norange/disk.qcow2', 'qcow2'], ['norange/disk-c.qcow2', 'qcow2'], ['norange/disk.raw.zst', 'zstd'],
  ])('%s reads back equal to the raw disk (format %s)', async (name, format) => {
    const target = join(dir, `target-${name.replace('/', '-')}`);
    writeFileSync(target, randomBytes(16 * MIB)); // old content longer than the image
    const messages: string[] = [];
    const result = await writeImage(info(name, { disk_format: format === 'qcow2' ? 'qcow2' : 'raw' }), target, ctx(undefined, messages), fast);
    expect(result.format).toBe(format);
    // A file standing in for a disk keeps its size (file-disk mode); beyond the image it reads as zeros.
    const back = readFileSync(target);
    expect(back.length).toBe(16 * MIB);
    expect(back.subarray(0, disk.length).equals(disk)).toBe(true);
    expect(back.subarray(disk.length).equals(Buffer.alloc(back.length - disk.length))).toBe(true);
    expect(result.bytesSkipped).toBeGreaterThan(4 * MIB); // 60% of the disk is zeros
    expect(result.bytesWritten + result.bytesSkipped).toBe(disk.length);
    expect(result.checksum.value).toBe(info(name).os_hash_value);
    expect(messages.at(-1)).toMatch(/^write_image: 12 of (13|\?) MiB \(100%\), [\d.]+ MB\/s$/);
  });

  it('reads a chunked response without Content-Length, resuming after a cut, and leaves no decompressor socket behind', async () => {
    files['chunked.zst'] = { path: join(dir, 'disk.raw.zst'), chunked: true, cutAfterBytes: 1_000_000, cuts: 1 };
    const target = join(dir, 'target-chunked');
    const result = await writeImage({ ...info('disk.raw.zst'), urls: [server.url('chunked.zst')] }, target, ctx(), fast);
    expect(result.format).toBe('zstd');
    expect(readFileSync(target).equals(disk)).toBe(true);
    expect(server.requests.get('chunked.zst')).toHaveLength(2);
    expect(readdirSync(dir).filter((name) => name.startsWith('ferro-decompress-'))).toEqual([]);
  });

  it('reads the qcow2 tables by Range and the file once, without a temporary copy', async () => {
    const name = 'disk.qcow2';
    server.requests.delete(name);
    await writeImage(info(name), join(dir, 'target-range'), ctx(), fast);
    const ranges = server.requests.get(name) ?? [];
    expect(ranges.filter((r) => r === undefined)).toHaveLength(2); // the sniff, then the one full read
    expect(ranges.filter((r) => r !== undefined).length).toBeGreaterThanOrEqual(2); // header, L1, L2s
  });
});

describe('writeImage: download failures', () => {
  it('fails on 404 naming the URL and the status, before touching the target', async () => {
    files['gone.raw'] = { status: 404 };
    const target = join(dir, 'target-404');
    writeFileSync(target, 'old');
    const error = await writeImage({ urls: [server.url('gone.raw')], checksum: 'a'.repeat(64) }, target, ctx(), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDownloadError);
    expect((error as Error).message).toBe(`Failed to download the image: ${server.url('gone.raw')}: HTTP 404 Not Found`);
    expect(readFileSync(target, 'utf8')).toBe('old');
  });

  it('tries the next URL after a failing one', async () => {
    files['gone2.raw'] = { status: 500 };
    const result = await writeImage({ ...info('disk.raw'), urls: [server.url('gone2.raw'), server.url('disk.raw')] }, join(dir, 'target-next'), ctx(), fast);
    expect(result.format).toBe('raw');
    expect(server.requests.get('gone2.raw')).toHaveLength(4); // 1 + 3 retries on a 5xx
  });

  it.each([['with Range (resumes)', true], ['without Range (re-reads and discards)', false]])('survives connections cut mid-stream %s', async (_name, range) => {
    const name = `cut-${String(range)}.zst`;
    files[name] = { path: join(dir, 'disk.raw.zst'), range, cutAfterBytes: 1_000_000, cuts: 2 };
    const target = join(dir, `target-${name}`);
    const result = await writeImage({ ...info('disk.raw.zst'), urls: [server.url(name)] }, target, ctx(), fast);
    expect(result.format).toBe('zstd');
    expect(readFileSync(target).equals(disk)).toBe(true); // a new file: the image's size
    const requests = server.requests.get(name) ?? [];
    expect(requests).toHaveLength(3);
    if (range) expect(requests.slice(1).every((r) => r !== undefined && /^bytes=\d+-$/.test(r))).toBe(true);
  });

  it.each(['disk.raw.zst', 'disk.raw.gz'])('reports a %s download that fails for good as a download failure, without waiting on the decoder', async (name) => {
    // The first 4 MiB slot reaches the decoder; then, without Range, every attempt starts over and is cut at the
    // same byte: no progress, so the retries run out while the decoder waits for more input.
    files[`always-cut-${name}`] = { path: join(dir, name), range: false, cutAfterBytes: 4_500_000, cuts: 100 };
    const error = await writeImage({ ...info(name), urls: [server.url(`always-cut-${name}`)] }, join(dir, `target-cut-${name}`), ctx(), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDownloadError);
    expect((error as Error).message).toMatch(/always-cut-.*: .*\(4 attempts\)/);
  });

  it('gives up after the retries when every connection is cut, naming the attempts', async () => {
    files['always-cut.raw'] = { path: join(dir, 'disk.raw'), cutAfterBytes: 0, cuts: 100 };
    const error = await writeImage({ ...info('disk.raw'), urls: [server.url('always-cut.raw')] }, join(dir, 'target-cut'), ctx(), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDownloadError);
    expect((error as Error).message).toMatch(/always-cut\.raw: .*\(4 attempts\)/);
  });
});

describe('writeImage: checksums', () => {
  it('fails a wrong checksum with ImageChecksumMismatch naming both values, and wipes the first MiB', async () => {
    const target = join(dir, 'target-bad-sum');
    const error = await writeImage(info('disk.qcow2', { os_hash_value: 'b'.repeat(64) }), target, ctx(), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageChecksumMismatch);
    expect((error as Error).message).toContain(`expected ${'b'.repeat(64)}, got ${sha256(readFileSync(join(dir, 'disk.qcow2')))}`);
    expect((error as Error).message).toContain('first MiB of the target was wiped');
    expect(readFileSync(target).subarray(0, MIB).equals(Buffer.alloc(MIB))).toBe(true);
  });

  it('takes the digest from a checksum file named by the legacy checksum URL', async () => {
    files['SHA256SUMS'] = { body: Buffer.from(`${'c'.repeat(64)}  other.img\n${info('disk.raw.gz').os_hash_value as string} *disk.raw.gz\n`) };
    const result = await writeImage({ urls: [server.url('disk.raw.gz')], checksum: server.url('SHA256SUMS') }, join(dir, 'target-sumfile'), ctx(), fast);
    expect(result.checksum.algorithm).toBe('sha256');
  });

  it('refuses an image without checksum before downloading it', async () => {
    server.requests.delete('disk.raw');
    await expect(writeImage({ urls: [server.url('disk.raw')] }, join(dir, 'target-nosum'), ctx(), fast)).rejects.toThrow(/checksum is missing/);
    expect(server.requests.get('disk.raw')).toBeUndefined();
  });
});

describe('writeImage: bad images (fuzz-ish)', () => {
  const bad = (name: string, data: Buffer): JsonObject => {
    writeFileSync(join(dir, name), data);
    files[name] = { path: join(dir, name) };
    return { urls: [server.url(name)], os_hash_algo: 'sha256', os_hash_value: sha256(data) };
  };

  it.each([
    ['truncated qcow2 header', () => readFileSync(join(dir, 'disk.qcow2')).subarray(0, 60), InvalidImage, /header is truncated/],
    ['garbage after the qcow2 magic', () => Buffer.concat([Buffer.from([0x51, 0x46, 0x49, 0xfb]), randomBytes(200_000)]), InvalidImage, /Invalid qcow2 image/],
    ['qcow2 cut after its tables', () => readFileSync(join(dir, 'disk.qcow2')).subarray(0, 400_000), InvalidImage, /beyond the end of the file/],
    ['gzip stream cut short', () => readFileSync(join(dir, 'disk.raw.gz')).subarray(0, 300_000), ImageWriteError, /gzip decompression failed: unexpected end of file/],
    ['xz stream cut short', () => readFileSync(join(dir, 'disk.raw.xz')).subarray(0, 300_000), ImageWriteError, /xz -dc failed \(exit code 1\)/],
    ['zstd magic then garbage', () => Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(300_000)]), ImageWriteError, /zstd -dc failed/],
    ['qcow2 inside zstd', () => execFileSync('zstd', ['-c', '-q', join(dir, 'disk.qcow2')], { maxBuffer: 64 * MIB }), InvalidImage, /contains qcow2, not a raw disk/],
  ] as const)('%s fails clearly', async (name, make, type, message) => {
    const started = Date.now();
    const error = await writeImage(bad(name.replace(/\W+/g, '-'), make()), join(dir, `target-${name.replace(/\W+/g, '-')}`), ctx(), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a qcow2 with a backing file', async () => {
    const overlay = join(dir, 'overlay.qcow2');
    execFileSync('qemu-img', ['create', '-f', 'qcow2', '-b', '/etc/shadow', '-F', 'raw', overlay, '1M']);
    await expect(writeImage(bad('overlay.qcow2', readFileSync(overlay)), join(dir, 'target-overlay'), ctx(), fast)).rejects.toThrow(/backing file/);
  });
});

describe('writeImage: abort', () => {
  it('stops a zstd write when the signal aborts, and reports the abort', async () => {
    files['slow.zst'] = { path: join(dir, 'disk.raw.zst'), cutAfterBytes: 500_000, cuts: 100 };
    const controller = new AbortController();
    const pending = writeImage({ ...info('disk.raw.zst'), urls: [server.url('slow.zst')] }, join(dir, 'target-abort'), ctx(controller.signal), { ...fast, retryDelayMs: 60_000 });
    setTimeout(() => { controller.abort(new Error('cancelled')); }, 300);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageWriteError);
    expect((error as Error).message).toMatch(/aborted/);
  });
});

const loopDevice = (() => {
  if (process.getuid?.() !== 0) return undefined;
  const backing = join(dir, 'loop.img');
  writeFileSync(backing, randomBytes(20 * MIB));
  const result = spawnSync('losetup', ['--find', '--show', backing], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
})();

describe.skipIf(loopDevice === undefined)('writeImage onto a block device (loop) with old data', () => {

  it.each(['disk.raw', 'disk.qcow2', 'disk.raw.zst'])('%s reads back equal over the image size', async (name) => {
    const result = await writeImage(info(name), loopDevice ?? '', ctx(), fast);
    const device = readFileSync(loopDevice ?? '');
    expect(device.subarray(0, disk.length).equals(disk)).toBe(true);
    expect(result.bytesSkipped).toBeGreaterThan(0);
    expect(statSync(loopDevice ?? '').isBlockDevice()).toBe(true);
  });

  it('refuses an image larger than the device before writing', async () => {
    const big = join(dir, 'big.qcow2');
    execFileSync('qemu-img', ['create', '-f', 'qcow2', big, '1G']);
    files['big.qcow2'] = { path: big };
    const before = sha256(readFileSync(loopDevice ?? ''));
    const error = await writeImage({ urls: [server.url('big.qcow2')], os_hash_algo: 'sha256', os_hash_value: sha256(readFileSync(big)) }, loopDevice ?? '', ctx(), fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidImage);
    expect((error as Error).message).toMatch(/larger than the target .*1073741824 bytes, the device has 20971520/);
    expect(sha256(readFileSync(loopDevice ?? ''))).toBe(before);
  });
});
