import { describe, expect, it } from 'vitest';
import { createBlockReader } from './block-reader.js';
import { memoryTftpFile, type TftpFile } from './file-source.js';

/** A file that counts reads, to show chunking and read-ahead. */
function countingFile(bytes: Uint8Array): TftpFile & { reads: number[] } {
  const inner = memoryTftpFile(bytes);
  const reads: number[] = [];
  return { ...inner, reads, read: (position, length) => (reads.push(position), inner.read(position, length)) };
}

describe('createBlockReader', () => {
  it('reads whole-block chunks one ahead and serves blocks from them', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const file = countingFile(bytes);
    const reader = createBlockReader(file, 100, 250); // chunks of 2 blocks
    expect(reader.totalBlocks).toBe(11); // 10 full blocks and an empty one
    const first = await reader.block(1);
    expect([...first]).toEqual([...bytes.subarray(0, 100)]);
    expect(file.reads).toEqual([0, 200]); // chunk 0, and chunk 1 read ahead
    expect(reader.block(3)).toBeInstanceOf(Uint8Array); // already loaded: no wait
    expect((await reader.block(11)).length).toBe(0);
  });
});
