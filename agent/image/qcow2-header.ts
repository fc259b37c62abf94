import { InvalidImage } from '../../core/index.js';

/** The fields of a qcow2 header that reading the active image needs (qemu docs/interop/qcow2.txt). */
export interface Qcow2Header {
  version: 2 | 3;
  clusterBits: number;
  clusterBytes: number;
  virtualSizeBytes: number;
  l1Entries: number;
  l1TableOffset: number;
  /** Bytes of the header including its extensions (metadata to cross-check against the stream). */
  headerBytes: number;
}

const MAGIC = 0x514649fb;
/** qemu refuses larger L1 tables (QCOW_MAX_L1_SIZE); a bigger one is a hostile image. */
const MAX_L1_BYTES = 32 * 1024 * 1024;
const EXT_END = 0;
const EXT_EXTERNAL_DATA_FILE = 0x44415441;
const EXT_ENCRYPTION = 0x0537be77;
// Incompatible feature bits: 0 dirty (refcounts only; the mapping is intact), 1 corrupt, 2 external data
// file, 3 compression type, 4 extended L2 entries.
const INCOMPAT_DIRTY = 1n;
const INCOMPAT_DATA_FILE = 4n;
const INCOMPAT_COMPRESSION_TYPE = 8n;

/**
 * Parses and vets a qcow2 header. Refused, as Ironic's deep image inspection does: a backing file, an
 * external data file (either could make the agent read a file of the ramdisk into the disk), encryption,
 * corruption, extended L2 entries, zstd-compressed clusters, unknown incompatible features, and sizes beyond
 * qemu's own limits.
 */
export function parseQcow2Header(data: Buffer, fileSizeBytes: number | undefined): Qcow2Header {
  if (data.length < 72 || data.readUInt32BE(0) !== MAGIC) throw invalid('the header is truncated or has no QFI\\xfb magic');
  const version = data.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw invalid(`version ${version} is not 2 or 3`);
  if (data.readBigUInt64BE(8) !== 0n || data.readUInt32BE(16) !== 0) {
    throw invalid('it has a backing file; images with backing files are refused (deep image inspection)');
  }
  const clusterBits = data.readUInt32BE(20);
  if (clusterBits < 9 || clusterBits > 21) throw invalid(`cluster_bits ${clusterBits} is outside 9..21`);
  const virtualSize = data.readBigUInt64BE(24);
  if (virtualSize > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`virtual size ${virtualSize} is absurd`);
  if (data.readUInt32BE(32) !== 0) throw invalid('it is encrypted');
  const header: Qcow2Header = {
    version, clusterBits, clusterBytes: 2 ** clusterBits, virtualSizeBytes: Number(virtualSize),
    l1Entries: data.readUInt32BE(36), l1TableOffset: safeOffset(data.readBigUInt64BE(40), 'l1_table_offset'), headerBytes: 72,
  };
  if (version === 3) header.headerBytes = parseVersion3(data);
  checkL1(header, fileSizeBytes);
  checkExtensions(data, header.headerBytes, header.clusterBytes);
  return header;
}

/** Version 3 fields: feature bits and the header length. Returns where the extensions start. */
function parseVersion3(data: Buffer): number {
  if (data.length < 104) throw invalid('the version 3 header is truncated');
  const incompatible = data.readBigUInt64BE(72);
  if ((incompatible & INCOMPAT_DATA_FILE) !== 0n) throw invalid('it uses an external data file; refused (deep image inspection)');
  const headerLength = data.readUInt32BE(100);
  if (headerLength < 104 || headerLength > data.length || headerLength % 8 !== 0) throw invalid(`header_length ${headerLength} is invalid`);
  if ((incompatible & INCOMPAT_COMPRESSION_TYPE) !== 0n) {
    const type = headerLength > 104 ? data.readUInt8(104) : 0;
    if (type !== 0) throw invalid(`its compressed clusters use compression type ${type} (zstd); only deflate is supported, convert with -o compression_type=zlib or without -c`);
  }
  const unknown = incompatible & ~(INCOMPAT_DIRTY | INCOMPAT_COMPRESSION_TYPE);
  if (unknown !== 0n) throw invalid(`it has incompatible features 0x${unknown.toString(16)} (corrupt flag, extended L2 entries, or unknown)`);
  const refcountOrder = data.readUInt32BE(96);
  if (refcountOrder > 6) throw invalid(`refcount_order ${refcountOrder} is invalid`);
  return headerLength;
}

function checkL1(header: Qcow2Header, fileSizeBytes: number | undefined): void {
  const perL2 = header.clusterBytes / 8;
  const needed = Math.ceil(header.virtualSizeBytes / (header.clusterBytes * perL2));
  if (header.l1Entries < needed) throw invalid(`l1_size ${header.l1Entries} cannot map the virtual size (needs ${needed})`);
  if (header.l1Entries * 8 > MAX_L1_BYTES) throw invalid(`l1_size ${header.l1Entries} exceeds qemu's limit`);
  if (header.l1TableOffset % header.clusterBytes !== 0 || header.l1TableOffset === 0) throw invalid('l1_table_offset is not cluster aligned');
  if (fileSizeBytes !== undefined && header.l1TableOffset + needed * 8 > fileSizeBytes) throw invalid('the L1 table lies beyond the end of the file');
}

/** Walks the header extensions: refuses a data-file name or encryption header, checks the chain ends. */
function checkExtensions(data: Buffer, start: number, clusterBytes: number): void {
  let at = start;
  for (let count = 0; count < 1024; count++) {
    if (at + 8 > Math.min(data.length, clusterBytes)) throw invalid('the header extensions run past the first cluster');
    const type = data.readUInt32BE(at);
    const length = data.readUInt32BE(at + 4);
    if (type === EXT_END) return;
    if (type === EXT_EXTERNAL_DATA_FILE) throw invalid('it names an external data file; refused (deep image inspection)');
    if (type === EXT_ENCRYPTION) throw invalid('it has an encryption header');
    at += 8 + Math.ceil(length / 8) * 8;
  }
  throw invalid('too many header extensions');
}

function safeOffset(value: bigint, name: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`${name} ${value} is absurd`);
  return Number(value);
}

function invalid(reason: string): InvalidImage {
  return new InvalidImage(`Invalid qcow2 image: ${reason}`);
}
