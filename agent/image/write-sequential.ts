import { decompress } from './decompress.js';
import { InvalidImage } from '../../core/index.js';
import type { HttpImageSource } from './http-image-source.js';
import { detectImageFormat, isCompressed, type ImageFormat } from './image-format.js';
import type { ImageJob } from './image-job.js';
import { SlotPool } from './slot-pool.js';

/** A finished pass over the image: its logical size. */
export interface SequentialRun {
  sizeBytes: number;
}

/** Slots for a decompressor's output: 6 x 4 MiB, written to the disk where they lie. */
const OUTPUT_SLOTS = 6;
const OUTPUT_SLOT_BYTES = 4 * 1024 * 1024;

/**
 * Writes a raw image, or a raw image inside gzip/xz/zstd, in one pass from byte 0 (IPA's stream_raw_images,
 * extended to compressed images: no tmpfs copy). A raw image's size is checked against the target before
 * the first write; a compressed one's as it grows. `stream` holds `source`'s download slots: a raw image is
 * written from them, a compressed one is decompressed into slots of its own that are written the same way.
 */
export async function writeSequential(job: ImageJob, format: Exclude<ImageFormat, 'qcow2'>, stream: AsyncIterable<Buffer>, source: Pick<HttpImageSource, 'sizeBytes' | 'pool'>): Promise<SequentialRun> {
  const capacity = job.target.capacityBytes;
  if (format === 'raw') {
    job.logicalSizeBytes = source.sizeBytes;
    if (source.sizeBytes !== undefined && capacity !== undefined && source.sizeBytes > capacity) {
      throw new InvalidImage(`Image is larger than the target ${job.target.path}: ${source.sizeBytes} bytes, the device has ${capacity}`);
    }
  }
  const output = isCompressed(format) ? new SlotPool(OUTPUT_SLOTS, OUTPUT_SLOT_BYTES) : source.pool;
  const data = isCompressed(format) ? decompress(format, stream, { signal: job.signal, input: source.pool, output, tmpDir: job.options.tmpDir }) : stream;
  let offset = 0;
  for await (const chunk of data) {
    if (offset === 0 && isCompressed(format)) refuseNested(format, chunk);
    await job.writer.write(offset, chunk, output);
    offset += chunk.length;
    job.progress();
  }
  return { sizeBytes: offset };
}

/** Only raw disks may be compressed: a qcow2 (or anything else with a signature) inside is refused. */
function refuseNested(outer: string, first: Buffer): void {
  const inner = detectImageFormat(first);
  if (inner !== 'raw') {
    throw new InvalidImage(`The ${outer} image contains ${inner}, not a raw disk; only raw images may be compressed (serve qcow2 uncompressed)`);
  }
}
