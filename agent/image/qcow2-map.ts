import { InvalidImage } from '../../core/index.js';
import type { Qcow2Header } from './qcow2-header.js';

/** Reads `length` bytes of the image file at `start` (HTTP Range, or a local file). */
export type ReadRange = (start: number, length: number) => Promise<Buffer>;

/** A run of the image file that lands at a guest offset; compressed runs hold one deflate cluster. */
export interface Qcow2Extent {
  host: number;
  hostLength: number;
  guest: number;
  guestLength: number;
  compressed: boolean;
}

/** Where every byte of the virtual disk comes from, and the tables it was read from. */
export interface Qcow2Map {
  /** Data runs sorted by host offset, the order they arrive in a sequential download. */
  extents: Qcow2Extent[];
  /** Guest ranges that read as zero (unallocated or zero clusters), sorted. */
  zeroRanges: Array<{ offset: number; length: number }>;
  /** Metadata as read by Range; the sequential download must carry the same bytes. */
  metadata: Array<{ offset: number; data: Buffer }>;
}

const L1_OFFSET_MASK = 0x00fffffffffffe00n;
const L1_RESERVED = 0x7f000000000001ffn;
const L2_COMPRESSED = 1n << 62n;
const L2_ZERO = 1n;
const L2_RESERVED = 0x3f000000000001fen;
/** Largest Range request for L2 tables read back to back. */
const MAX_FETCH_BYTES = 8 * 1024 * 1024;

/**
 * Reads the active L1 table and its L2 tables and turns them into extents (qcow2.txt "Cluster mapping").
 * Unallocated and zero clusters become zero ranges: with backing files refused, they read as zeros.
 */
export async function readQcow2Map(header: Qcow2Header, head: Buffer, read: ReadRange, fileSizeBytes: number | undefined): Promise<Qcow2Map> {
  const perL2 = header.clusterBytes / 8;
  const l1Needed = Math.ceil(header.virtualSizeBytes / (header.clusterBytes * perL2));
  const l1 = l1Needed === 0 ? Buffer.alloc(0) : await read(header.l1TableOffset, l1Needed * 8);
  const metadata = [{ offset: 0, data: head }, { offset: header.l1TableOffset, data: l1 }];
  const l2Offsets = new Map<number, number>(); // L1 index -> L2 table offset
  for (let i = 0; i < l1Needed; i++) {
    const entry = l1.readBigUInt64BE(i * 8);
    if ((entry & L1_RESERVED) !== 0n) throw invalid(`L1 entry ${i} has reserved bits set`);
    const offset = Number(entry & L1_OFFSET_MASK);
    if (offset === 0) continue;
    if (offset % header.clusterBytes !== 0) throw invalid(`L2 table ${i} at ${offset} is not cluster aligned`);
    if (fileSizeBytes !== undefined && offset + header.clusterBytes > fileSizeBytes) throw invalid(`L2 table ${i} lies beyond the end of the file`);
    l2Offsets.set(i, offset);
  }
  const tables = await readTables([...new Set(l2Offsets.values())], header.clusterBytes, read);
  for (const [offset, data] of tables) metadata.push({ offset, data });
  const extents: Qcow2Extent[] = [];
  for (const [index, offset] of l2Offsets) {
    const table = tables.get(offset);
    if (table !== undefined) mapTable(header, table, index * perL2 * header.clusterBytes, fileSizeBytes, extents);
  }
  return { extents: merged(extents).sort((a, b) => a.host - b.host), zeroRanges: complement(extents, header.virtualSizeBytes), metadata };
}

/** Reads L2 tables, coalescing neighbours into one Range request of at most MAX_FETCH_BYTES. */
async function readTables(offsets: number[], clusterBytes: number, read: ReadRange): Promise<Map<number, Buffer>> {
  const sorted = offsets.sort((a, b) => a - b);
  const tables = new Map<number, Buffer>();
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i] ?? 0;
    let count = 1;
    while (sorted[i + count] === start + count * clusterBytes && (count + 1) * clusterBytes <= MAX_FETCH_BYTES) count++;
    const data = await read(start, count * clusterBytes);
    for (let k = 0; k < count; k++) tables.set(start + k * clusterBytes, data.subarray(k * clusterBytes, (k + 1) * clusterBytes));
    i += count;
  }
  return tables;
}

/** Appends the data clusters of one L2 table, which maps the guest range starting at `guestBase`. */
function mapTable(header: Qcow2Header, table: Buffer, guestBase: number, fileSizeBytes: number | undefined, out: Qcow2Extent[]): void {
  const cluster = header.clusterBytes;
  for (let j = 0; j < cluster / 8; j++) {
    const guest = guestBase + j * cluster;
    if (guest >= header.virtualSizeBytes) return;
    const entry = table.readBigUInt64BE(j * 8);
    const guestLength = Math.min(cluster, header.virtualSizeBytes - guest);
    if ((entry & L2_COMPRESSED) !== 0n) {
      out.push(compressedExtent(header, entry, guest, guestLength, fileSizeBytes));
      continue;
    }
    if ((entry & L2_RESERVED) !== 0n) throw invalid(`L2 entry for guest offset ${guest} has reserved bits set`);
    const host = Number(entry & L1_OFFSET_MASK);
    if ((entry & L2_ZERO) !== 0n || host === 0) continue; // reads as zero
    if (host % cluster !== 0) throw invalid(`data cluster for guest offset ${guest} is not cluster aligned`);
    if (fileSizeBytes !== undefined && host + guestLength > fileSizeBytes) throw invalid(`data cluster for guest offset ${guest} lies beyond the end of the file`);
    out.push({ host, hostLength: guestLength, guest, guestLength, compressed: false });
  }
}

/** Compressed cluster descriptor: x = 62 - (cluster_bits - 8) offset bits, then the extra 512-byte sectors. */
function compressedExtent(header: Qcow2Header, entry: bigint, guest: number, guestLength: number, fileSizeBytes: number | undefined): Qcow2Extent {
  const x = BigInt(62 - (header.clusterBits - 8));
  const host = Number(entry & ((1n << x) - 1n));
  const sectors = Number((entry >> x) & ((1n << BigInt(header.clusterBits - 8)) - 1n));
  let hostLength = (sectors + 1) * 512 - (host % 512);
  if (fileSizeBytes !== undefined) {
    if (host >= fileSizeBytes) throw invalid(`compressed cluster for guest offset ${guest} lies beyond the end of the file`);
    hostLength = Math.min(hostLength, fileSizeBytes - host); // the last one may end before its last sector
  }
  return { host, hostLength, guest, guestLength, compressed: true };
}

/** Joins data clusters contiguous both in the file and on the disk (qemu-img convert writes them so). */
function merged(extents: Qcow2Extent[]): Qcow2Extent[] {
  const out: Qcow2Extent[] = [];
  for (const extent of extents) {
    const last = out[out.length - 1];
    if (last !== undefined && !last.compressed && !extent.compressed && last.host + last.hostLength === extent.host && last.guest + last.guestLength === extent.guest) {
      last.hostLength += extent.hostLength;
      last.guestLength += extent.guestLength;
    } else {
      out.push({ ...extent });
    }
  }
  return out;
}

/** The guest ranges no extent covers. */
function complement(extents: Qcow2Extent[], size: number): Array<{ offset: number; length: number }> {
  const byGuest = [...extents].sort((a, b) => a.guest - b.guest);
  const zeros: Array<{ offset: number; length: number }> = [];
  let at = 0;
  for (const extent of byGuest) {
    if (extent.guest > at) zeros.push({ offset: at, length: extent.guest - at });
    at = Math.max(at, extent.guest + extent.guestLength);
  }
  if (at < size) zeros.push({ offset: at, length: size - at });
  return zeros;
}

function invalid(reason: string): InvalidImage {
  return new InvalidImage(`Invalid qcow2 image: ${reason}`);
}
