import { decompress } from './decompress.js';
import { InvalidImage } from '../../core/index.js';
import { detectImageFormat, isCompressed, type ImageFormat } from './image-format.js';
import type { ImageJob } from './image-job.js';

/** A finished pass over the image: its logical size. */
export interface SequentialRun {
  sizeBytes: number;
}

/**
 * Writes a raw image, or a raw image inside gzip/xz/zstd, in one pass from byte 0 (IPA's stream_raw_images,
 * extended to compressed images: no tmpfs copy). A raw image's size is checked against the target before
 * the first write; a compressed one's as it grows.
 */
export async function writeSequential(job: ImageJob, format: Exclude<ImageFormat, 'qcow2'>, stream: AsyncIterable<Buffer>, downloadSizeBytes: number | undefined): Promise<SequentialRun> {
  const capacity = job.target.capacityBytes;
  if (format === 'raw') {
    job.logicalSizeBytes = downloadSizeBytes;
    if (downloadSizeBytes !== undefined && capacity !== undefined && downloadSizeBytes > capacity) {
      throw new InvalidImage(`Image is larger than the target ${job.target.path}: ${downloadSizeBytes} bytes, the device has ${capacity}`);
    }
  }
  const data = isCompressed(format) ? decompress(format, stream, job.signal) : stream;
  let offset = 0;
  for await (const chunk of data) {
    if (offset === 0 && isCompressed(format)) refuseNested(format, chunk);
    await job.writer.write(offset, chunk);
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
