// Blocks of a file for one transfer. The file is read in chunks of whole blocks, one chunk ahead of the
// sender, so that the next block is almost always ready without waiting (the hot path of a transfer
// is synchronous). The previous chunk is kept for a windowed go-back after a loss (RFC 7440 §4).
import type { TftpFile } from './file-source.js';

/** Block data by 1-based block index (not the 16-bit wire number, which rolls over). */
export interface BlockReader {
  /** Number of DATA packets: a file that is a multiple of blksize ends with an empty block (RFC 1350 §6). */
  readonly totalBlocks: number;
  /** The block's bytes, synchronously when its chunk is loaded. */
  block(index: number): Uint8Array | Promise<Uint8Array>;
}

interface Chunk {
  data?: Uint8Array;
  readonly loading: Promise<Uint8Array>;
}

/** Reads `file` in chunks of about `chunkBytes` (at least one block). */
export function createBlockReader(file: TftpFile, blksize: number, chunkBytes: number): BlockReader {
  const blocksPerChunk = Math.max(1, Math.floor(chunkBytes / blksize));
  const chunkSize = blocksPerChunk * blksize;
  const totalBlocks = Math.floor(file.sizeBytes / blksize) + 1;
  const lastChunk = Math.floor((totalBlocks - 1) / blocksPerChunk);
  const chunks = new Map<number, Chunk>();
  let current = -1; // chunk of the last block asked for; prefetch and eviction run when it changes

  const load = (index: number): Chunk => {
    let chunk = chunks.get(index);
    if (chunk !== undefined) return chunk;
    const loading = file.read(index * chunkSize, chunkSize);
    const created: Chunk = { loading };
    loading.then(
      (data) => (created.data = data),
      () => undefined,
    ); // the reader awaiting it sees the error
    chunk = created;
    chunks.set(index, chunk);
    return chunk;
  };

  return {
    totalBlocks,
    block(index) {
      const c = Math.floor((index - 1) / blocksPerChunk);
      const chunk = load(c);
      if (c !== current) {
        current = c;
        if (c < lastChunk) load(c + 1);
        for (const key of chunks.keys()) if (key < c - 1) chunks.delete(key);
      }
      const start = ((index - 1) % blocksPerChunk) * blksize;
      const slice = (data: Uint8Array): Uint8Array => data.subarray(start, start + blksize);
      return chunk.data !== undefined ? slice(chunk.data) : chunk.loading.then(slice);
    },
  };
}
