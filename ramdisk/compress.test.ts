import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressChunks, compressorCommand } from './compress.js';

describe('compression', () => {
  it('uses the settings the kernel can read and that keep output deterministic', () => {
    expect(compressorCommand('gzip', 9)).toContain('-n');
    expect(compressorCommand('xz', 9)).toEqual(expect.arrayContaining(['--check=crc32', '-T1']));
    expect(compressorCommand('lz4', 12)).toContain('-l');
    expect(compressorCommand('none', 0)).toBeUndefined();
  });

  it('streams chunks through gzip into a file and reports size and sha256, the same twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferro-compress-'));
    const chunks = (): Buffer[] => [Buffer.from('hello '), Buffer.alloc(100_000, 7), Buffer.from('world')];
    const first = await compressChunks(chunks(), 'gzip', 6, join(dir, 'a.gz'));
    const second = await compressChunks(chunks(), 'gzip', 6, join(dir, 'b.gz'));
    expect(first).toEqual(second);
    expect(first.inputBytes).toBe(100_011);
    expect(
      gunzipSync(readFileSync(join(dir, 'a.gz')))
        .subarray(0, 6)
        .toString(),
    ).toBe('hello ');
    const raw = await compressChunks(chunks(), 'none', 0, join(dir, 'c'));
    expect(raw.sizeBytes).toBe(100_011);
    rmSync(dir, { recursive: true, force: true });
  });
});
