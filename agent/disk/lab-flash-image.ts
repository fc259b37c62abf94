import { createHash } from 'node:crypto';

// Ferro's lab has no real firmware to flash, so the lab VM gets a small extra virtio disk (serial
// FERRO-LAB-FLASH) that plays a SPI flash chip. Its content, and a firmware file for it, is one image:
//
//   offset  size  field
//        0     8  magic "FERROFW1"
//        8    32  component name, ASCII, NUL padded ("bmc-lab")
//       40    32  version, ASCII, NUL padded ("1.0.0")
//       72    64  sha256 of the payload, lower-case hex ASCII
//      136     8  payload length in bytes, unsigned 64-bit little-endian
//      144   368  zero
//      512     n  payload

/** The serial of the lab flash disk; listDisks hides it so no step ever erases or deploys onto it. */
export const LAB_FLASH_SERIAL = 'FERRO-LAB-FLASH';
/** In file-disk mode, the flash is a file of this name beside the first file disk. */
export const LAB_FLASH_FILE_NAME = 'lab-flash.img';
export const LAB_FLASH_MAGIC = 'FERROFW1';
export const LAB_FLASH_HEADER_BYTES = 512;
const NAME_BYTES = 32;

/** A decoded header; `payloadValid` says whether the payload that follows hashes to the header's sha256. */
export interface LabFlashHeader {
  component: string;
  version: string;
  payloadSha256: string;
  payloadBytes: number;
}

/** Builds a flash image (header + payload); used by tests, the lab e2e and to publish lab firmware. */
export function buildLabFlashImage(component: string, version: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(LAB_FLASH_HEADER_BYTES);
  header.write(LAB_FLASH_MAGIC, 0, 'ascii');
  writeField(header, 8, 'component', component);
  writeField(header, 40, 'version', version);
  header.write(createHash('sha256').update(payload).digest('hex'), 72, 'ascii');
  header.writeBigUInt64LE(BigInt(payload.length), 136);
  return Buffer.concat([header, payload]);
}

function writeField(header: Buffer, offset: number, label: string, value: string): void {
  if (value === '' || !/^[\x21-\x7e]+$/.test(value) || value.length > NAME_BYTES) {
    throw new Error(
      `lab flash ${label} must be 1 to ${NAME_BYTES} printable ASCII characters without spaces: ${JSON.stringify(value)}`,
    );
  }
  header.write(value, offset, 'ascii');
}

/** Decodes the header at the start of `bytes`; undefined when the magic is absent (a blank flash). */
export function parseLabFlashHeader(bytes: Buffer): LabFlashHeader | undefined {
  if (bytes.length < LAB_FLASH_HEADER_BYTES || bytes.toString('ascii', 0, 8) !== LAB_FLASH_MAGIC) return undefined;
  const field = (offset: number, size: number) => bytes.toString('ascii', offset, offset + size).replace(/\0+$/, '');
  const length = bytes.readBigUInt64LE(136);
  return {
    component: field(8, NAME_BYTES),
    version: field(40, NAME_BYTES),
    payloadSha256: field(72, 64),
    payloadBytes: length > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(length),
  };
}

/**
 * Checks a whole image: magic, header fields, payload length within `bytes`, payload hash. Returns the
 * header, or throws an Error saying what is wrong.
 */
export function verifyLabFlashImage(bytes: Buffer): LabFlashHeader {
  const header = parseLabFlashHeader(bytes);
  if (header === undefined) throw new Error(`not a lab flash image: the first 8 bytes are not "${LAB_FLASH_MAGIC}"`);
  if (header.component === '' || header.version === '')
    throw new Error('lab flash image header has an empty component or version');
  const end = LAB_FLASH_HEADER_BYTES + header.payloadBytes;
  if (end > bytes.length)
    throw new Error(
      `lab flash image declares a ${header.payloadBytes}-byte payload but holds only ${bytes.length - LAB_FLASH_HEADER_BYTES}`,
    );
  const actual = createHash('sha256').update(bytes.subarray(LAB_FLASH_HEADER_BYTES, end)).digest('hex');
  if (actual !== header.payloadSha256)
    throw new Error(`lab flash image payload sha256 is ${actual}, its header says ${header.payloadSha256}`);
  return header;
}
