import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageDownloadError, InvalidImage } from '../../core/index.js';
import type { HttpImageSource } from './http-image-source.js';
import type { ImageJob } from './image-job.js';
import type { PeekedStream } from './peek-stream.js';
import { parseQcow2Header } from './qcow2-header.js';
import type { SlotPool } from './slot-pool.js';
import { readQcow2Map, type ReadRange } from './qcow2-map.js';
import { writeQcow2Stream } from './write-qcow2-stream.js';
import type { WorkerHash } from './worker-hash.js';

/** A finished qcow2 write: the virtual size and the hash that saw the whole file in order. */
export interface Qcow2Run {
  sizeBytes: number;
  hash: WorkerHash;
}

/** Bytes read first: the header and its extensions (qemu keeps them in the first cluster, usually < 4 KiB). */
const HEAD_BYTES = 64 * 1024;

/**
 * Writes a qcow2 image. With Range support: header and tables by Range, then one sequential download that
 * places clusters and feeds the checksum (no copy anywhere). Without: the download goes to a temporary file
 * in tmpDir (IPA's way, which costs RAM on a tmpfs) and the same mapper reads it from there.
 */
export async function writeQcow2(job: ImageJob, source: HttpImageSource, peeked: PeekedStream, hash: WorkerHash, freshHash: () => WorkerHash): Promise<Qcow2Run> {
  if (source.rangeSupported) {
    await peeked.stop();
    const size = source.sizeBytes;
    const head = await source.fetchRange(0, Math.min(HEAD_BYTES, size ?? HEAD_BYTES));
    if (head !== undefined) {
      const rangeRead: ReadRange = async (start, length) => {
        const data = await source.fetchRange(start, length);
        if (data === undefined) throw new ImageDownloadError('The image server stopped honouring Range requests while the qcow2 tables were read');
        return data;
      };
      const fresh = freshHash();
      await mapAndWrite(job, head, rangeRead, size, hashing(source.stream(), fresh), source.pool);
      return { sizeBytes: requireSize(job), hash: fresh };
    }
    const fresh = freshHash();
    return { sizeBytes: await viaTemporaryFile(job, hashing(source.stream(), fresh)), hash: fresh };
  }
  return { sizeBytes: await viaTemporaryFile(job, peeked.rest), hash };
}

/** Parses and vets the header, maps the clusters, zeroes the unallocated ranges, then streams the data. */
async function mapAndWrite(job: ImageJob, head: Buffer, read: ReadRange, fileSizeBytes: number | undefined, stream: AsyncIterable<Buffer>, lender?: SlotPool): Promise<void> {
  const header = parseQcow2Header(head, fileSizeBytes);
  const capacity = job.target.capacityBytes;
  if (capacity !== undefined && header.virtualSizeBytes > capacity) {
    throw new InvalidImage(`Image is larger than the target ${job.target.path}: qcow2 virtual size ${header.virtualSizeBytes} bytes, the device has ${capacity}`);
  }
  job.logicalSizeBytes = header.virtualSizeBytes;
  const map = await readQcow2Map(header, head, read, fileSizeBytes);
  for (const range of map.zeroRanges) await job.writer.zero(range.offset, range.length);
  await writeQcow2Stream(map, withProgress(stream, job), (offset, data) => job.writer.write(offset, data, lender), header.clusterBytes);
}

/** The fallback: copy the download to tmpDir, then map and write from the copy; the copy is always removed. */
async function viaTemporaryFile(job: ImageJob, stream: AsyncIterable<Buffer>): Promise<number> {
  const path = join(job.options.tmpDir, `ferro-image-${randomUUID()}.qcow2`);
  try {
    await copyToFile(stream, path);
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const read: ReadRange = async (start, length) => {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - start)));
        const { bytesRead } = await file.read(buffer, 0, buffer.length, start);
        return buffer.subarray(0, bytesRead);
      };
      const head = await read(0, HEAD_BYTES);
      await mapAndWrite(job, head, read, size, createReadStream(path, { highWaterMark: 1024 * 1024, signal: job.signal }) as AsyncIterable<Buffer>);
    } finally {
      await file.close();
    }
    return requireSize(job);
  } finally {
    await rm(path, { force: true });
  }
}

/** Writes each chunk before reading the next: chunks are download slots, refilled once the next is read. */
async function copyToFile(stream: AsyncIterable<Buffer>, path: string): Promise<void> {
  const file = await open(path, 'wx');
  try {
    for await (const chunk of stream) {
      for (let done = 0; done < chunk.length;) done += (await file.write(chunk, done, chunk.length - done)).bytesWritten;
    }
  } finally {
    await file.close();
  }
}

async function* hashing(stream: AsyncIterable<Buffer>, hash: WorkerHash): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of stream) {
    await hash.update(chunk);
    yield chunk;
  }
}

async function* withProgress(stream: AsyncIterable<Buffer>, job: ImageJob): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of stream) {
    yield chunk;
    job.progress();
  }
}

function requireSize(job: ImageJob): number {
  if (job.logicalSizeBytes === undefined) throw new InvalidImage('Invalid qcow2 image: no virtual size');
  return job.logicalSizeBytes;
}
