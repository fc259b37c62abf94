import { BaremetalError, ImageChecksumMismatch, ImageWriteError, InvalidImage, type JsonObject } from '../../core/index.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import { BlockWriter } from './block-writer.js';
import { checksumSource, createImageHash, digestFromChecksumFile, type ExpectedChecksum } from './image-checksum.js';
import { checkDiskFormat, detectImageFormat, SNIFF_BYTES } from './image-format.js';
import { ImageTarget } from './image-target.js';
import { fetchText, HttpImageSource, type HttpImageSourceOptions } from './http-image-source.js';
import { peekStream } from './peek-stream.js';
import { createProgressReporter } from './progress-reporter.js';
import { SlotPool } from './slot-pool.js';
import { DEFAULT_WRITE_IMAGE_OPTIONS, type WriteImageOptions } from './write-image-options.js';
import type { ImageJob } from './image-job.js';
import { writeQcow2 } from './write-qcow2.js';
import { writeSequential } from './write-sequential.js';
import type { WorkerHash } from './worker-hash.js';

/** A download slot: the writer's stage size, so that a raw image's slots are whole 4 MiB writes. */
const DOWNLOAD_SLOT_BYTES = 4 * 1024 * 1024;

/** What writing an image did: bytes written and skipped (zero blocks), wall time, detected format, checksum. */
export interface WriteImageResult {
  bytesWritten: number;
  bytesSkipped: number;
  seconds: number;
  format: string;
  checksum: { algorithm: string; value: string };
}

/**
 * Streams IPA's `image_info` (ironic.md §4.3, §5.6) onto `targetPath`, a block device or (tests) a regular
 * file: raw, qcow2 (clusters placed by a Range-read map, no temporary copy when the server has Range), or raw
 * compressed with gzip/xz/zstd, told apart by magic bytes. Zero blocks are not written but read back as
 * zeros; the download is hashed while it is written and a mismatch wipes the first MiB; ends with fdatasync.
 */
export async function writeImage(imageInfo: JsonObject, targetPath: string, ctx: ManagerContext, overrides: Partial<WriteImageOptions> = {}): Promise<WriteImageResult> {
  const options: WriteImageOptions = { ...DEFAULT_WRITE_IMAGE_OPTIONS, ...overrides };
  const started = options.now();
  const urls = imageUrls(imageInfo);
  const http: HttpImageSourceOptions = { ...options, signal: ctx.signal };
  const expected = await expectedChecksum(imageInfo, urls, options, http);
  const slots = Math.max(2, Math.ceil(options.downloadBufferBytes / DOWNLOAD_SLOT_BYTES));
  const source = new HttpImageSource(urls, http, new SlotPool(slots, DOWNLOAD_SLOT_BYTES));
  let target: ImageTarget | undefined;
  let writer: BlockWriter | undefined;
  const hashes: WorkerHash[] = [];
  try {
    const hash = createImageHash(expected, source.pool);
    hashes.push(hash);
    const download = { bytes: 0 };
    const peeked = await peekStream(hashed(source.stream(), hash, download), SNIFF_BYTES);
    const format = detectImageFormat(peeked.head);
    checkDiskFormat(format, imageInfo.disk_format);
    target = await ImageTarget.open(targetPath);
    const job = newJob(target, options, ctx, source, download);
    writer = job.writer;
    const run = format === 'qcow2'
      ? await writeQcow2(job, source, peeked, hash, () => { const fresh = createImageHash(expected, source.pool); hashes.push(fresh); return fresh; })
      : { ...(await writeSequential(job, format, peeked.rest, source)), hash };
    const [actual] = await Promise.all([run.hash.digest(), job.writer.flush()]);
    if (actual !== expected.value) throw await mismatch(target, expected, actual);
    await target.finish(run.sizeBytes);
    job.progress(true);
    const seconds = (options.now() - started) / 1000;
    return { bytesWritten: job.writer.bytesWritten, bytesSkipped: job.writer.bytesSkipped, seconds, format, checksum: { algorithm: expected.algorithm, value: actual } };
  } catch (error) {
    // A half-written disk with a valid partition table might boot; make it obviously blank (best effort).
    await writer?.settled(); // a write still under way could land after the wipe
    const touched = writer !== undefined && writer.bytesWritten + writer.bytesSkipped > 0;
    const wiped = target !== undefined && touched && !(error instanceof ImageChecksumMismatch) && (await target.wipeStart());
    throw wrapped(error, ctx.signal, wiped);
  } finally {
    await target?.close();
    await source.close();
    await Promise.all(hashes.map((hash) => hash.close()));
  }
}

function newJob(target: ImageTarget, options: WriteImageOptions, ctx: ManagerContext, source: HttpImageSource, download: { bytes: number }): ImageJob {
  const writer = new BlockWriter(target, { ...options, signal: ctx.signal });
  const report = createProgressReporter((message) => { ctx.progress(message); }, options.now, options.progressIntervalMs);
  const job: ImageJob = {
    options, signal: ctx.signal, target, writer, logicalSizeBytes: undefined,
    progress: (force = false) => {
      const size = source.sizeBytes;
      report({ doneBytes: writer.bytesDone, totalBytes: job.logicalSizeBytes, downloadedFraction: size === undefined || size === 0 ? undefined : download.bytes / size }, force);
    },
  };
  return job;
}

/** IPA's image_info.urls (a list; Ironic sends one, Glance-backed setups several). */
function imageUrls(imageInfo: JsonObject): string[] {
  const urls = imageInfo.urls;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((url): url is string => typeof url === 'string' && url !== '')) {
    throw new InvalidImage('image_info.urls must be a non-empty list of URLs');
  }
  for (const url of urls) {
    if (!/^https?:\/\//i.test(url)) throw new InvalidImage(`Image URL scheme not supported (http and https only): ${url.split(':')[0] ?? ''}:`);
  }
  return urls;
}

async function expectedChecksum(imageInfo: JsonObject, urls: string[], options: WriteImageOptions, http: HttpImageSourceOptions): Promise<ExpectedChecksum> {
  const source = checksumSource(imageInfo, options.allowMd5);
  if (source.kind === 'value') return source.checksum;
  return digestFromChecksumFile(await fetchText(source.url, http), urls[0] ?? '', options.allowMd5);
}

/**
 * Hashes and counts the downloaded bytes as they pass (IPA hashes the file as downloaded, not the disk); the
 * hash worker reads each download slot where it lies, so nothing is copied here.
 */
async function* hashed(stream: AsyncIterable<Buffer>, hash: WorkerHash, download: { bytes: number }): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of stream) {
    await hash.update(chunk);
    download.bytes += chunk.length;
    yield chunk;
  }
}

async function mismatch(target: ImageTarget, expected: ExpectedChecksum, actual: string): Promise<ImageChecksumMismatch> {
  const wiped = await target.wipeStart();
  const note = wiped ? 'the first MiB of the target was wiped so that it does not boot a corrupt image' : 'wiping the first MiB of the target FAILED; the disk holds a corrupt image';
  return new ImageChecksumMismatch(expected.algorithm, expected.value, actual, note);
}

/** An abort becomes ImageWriteError("aborted"); our errors pass through; anything else is an I/O failure. */
function wrapped(error: unknown, signal: AbortSignal, wiped: boolean): unknown {
  const note = wiped ? '; the first MiB of the target was wiped' : '';
  if (signal.aborted) return new ImageWriteError(`Writing the image was aborted${note}`, { cause: error });
  if (error instanceof BaremetalError) return error;
  return new ImageWriteError(`Writing the image failed: ${error instanceof Error ? error.message : String(error)}${note}`, { cause: error });
}
