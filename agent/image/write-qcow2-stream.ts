import { inflateRawSync } from 'node:zlib';
import { ImageDownloadError, InvalidImage } from '../../core/index.js';
import type { Qcow2Extent, Qcow2Map } from './qcow2-map.js';

/** A piece of the file the stream must deliver somewhere: data for the disk, or metadata to compare. */
interface Span {
  host: number;
  end: number;
  extent?: Qcow2Extent;
  metadata?: Buffer;
  /** Compressed clusters are gathered whole, then inflated. */
  gathered?: Buffer[];
}

/** Writes image bytes at a guest offset (the BlockWriter, told which pool the chunks may come from). */
export type WriteAt = (offset: number, data: Buffer) => Promise<void>;

/**
 * Writes a qcow2 image from one sequential read of its file: each chunk is matched against the extents
 * (sorted by file offset), so clusters land at their guest offsets without a temporary copy, and the whole
 * file passes through the checksum in order. Metadata read earlier by Range must match what streams past,
 * so a server cannot show one L2 table to the mapper and another to the checksum.
 */
export async function writeQcow2Stream(map: Qcow2Map, stream: AsyncIterable<Buffer>, write: WriteAt, clusterBytes: number): Promise<void> {
  const spans: Span[] = [
    ...map.extents.map((extent) => ({ host: extent.host, end: extent.host + extent.hostLength, extent })),
    ...map.metadata.map(({ offset, data }) => ({ host: offset, end: offset + data.length, metadata: data })),
  ].sort((a, b) => a.host - b.host);
  let next = 0;
  let active: Span[] = [];
  let position = 0;
  for await (const chunk of stream) {
    const chunkEnd = position + chunk.length;
    while (next < spans.length && (spans[next]?.host ?? Infinity) < chunkEnd) active.push(spans[next++] as Span);
    for (const span of active) await deliver(span, chunk, position, write, clusterBytes);
    active = active.filter((span) => span.end > chunkEnd);
    position = chunkEnd;
  }
  const missing = active[0] ?? spans[next];
  if (missing !== undefined) {
    throw new ImageDownloadError(`The qcow2 file ended at byte ${position}, before the cluster at ${missing.host} it maps`);
  }
}

/** Hands the part of `chunk` that overlaps `span` to the writer, the inflater or the metadata check. */
async function deliver(span: Span, chunk: Buffer, position: number, write: WriteAt, clusterBytes: number): Promise<void> {
  const from = Math.max(span.host, position);
  const to = Math.min(span.end, position + chunk.length);
  if (from >= to) return;
  const piece = chunk.subarray(from - position, to - position);
  if (span.metadata !== undefined) {
    if (!piece.equals(span.metadata.subarray(from - span.host, to - span.host))) {
      throw new InvalidImage(`Invalid qcow2 image: the metadata at byte ${from} differs between the Range read and the download`);
    }
    return;
  }
  const extent = span.extent;
  if (extent === undefined) return;
  if (!extent.compressed) {
    await write(extent.guest + (from - extent.host), piece); // a cluster run lies aligned in its slot: written in place
    return;
  }
  span.gathered = [...(span.gathered ?? []), Buffer.from(piece)]; // a chunk is only valid until the next one
  if (to === span.end) await write(extent.guest, inflateCluster(Buffer.concat(span.gathered), extent, clusterBytes));
}

/** Inflates one compressed cluster (raw deflate, qemu's windowBits -12); bytes after the stream are ignored. */
function inflateCluster(data: Buffer, extent: Qcow2Extent, clusterBytes: number): Buffer {
  let cluster: Buffer;
  try {
    cluster = inflateRawSync(data, { maxOutputLength: clusterBytes, finishFlush: 2 /* Z_SYNC_FLUSH */ });
  } catch (error) {
    throw new InvalidImage(`Invalid qcow2 image: the compressed cluster for guest offset ${extent.guest} does not inflate (${(error as Error).message})`, { cause: error });
  }
  if (cluster.length < extent.guestLength) {
    throw new InvalidImage(`Invalid qcow2 image: the compressed cluster for guest offset ${extent.guest} inflates to ${cluster.length} bytes, not ${extent.guestLength}`);
  }
  return cluster.subarray(0, extent.guestLength);
}
