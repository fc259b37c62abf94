import { InvalidImage } from '../../core/index.js';

/** What the first bytes of a download say it is. */
export type ImageFormat = 'raw' | 'qcow2' | 'gzip' | 'xz' | 'zstd';

/** Bytes needed to tell the formats apart (the VHDX and ISO signatures sit furthest in). */
export const SNIFF_BYTES = 64 * 1024;

const SIGNATURES: ReadonlyArray<{ name: string; offset: number; magic: Buffer; format?: ImageFormat }> = [
  { name: 'qcow2', offset: 0, magic: Buffer.from([0x51, 0x46, 0x49, 0xfb]), format: 'qcow2' },
  { name: 'gzip', offset: 0, magic: Buffer.from([0x1f, 0x8b, 0x08]), format: 'gzip' },
  { name: 'xz', offset: 0, magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), format: 'xz' },
  { name: 'zstd', offset: 0, magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), format: 'zstd' },
  // Formats Ironic's format inspector knows and IPA does not write (permitted_image_formats: raw, qcow2).
  { name: 'vmdk', offset: 0, magic: Buffer.from('KDMV') },
  { name: 'vhdx', offset: 0, magic: Buffer.from('vhdxfile') },
  { name: 'vdi', offset: 64, magic: Buffer.from([0x7f, 0x10, 0xda, 0xbe]) },
  { name: 'qed', offset: 0, magic: Buffer.from([0x51, 0x45, 0x44, 0x00]) },
  { name: 'luks', offset: 0, magic: Buffer.from([0x4c, 0x55, 0x4b, 0x53, 0xba, 0xbe]) },
  { name: 'bzip2', offset: 0, magic: Buffer.from('BZh') },
];

/**
 * The format from magic bytes, never from the file name or disk_format alone (Ironic's deep image inspection:
 * a "raw" image that is really qcow2 with a backing file must not slip through). Anything without a known
 * signature is raw, as for `qemu-img`. Refuses formats Ferro does not write.
 */
export function detectImageFormat(head: Buffer): ImageFormat {
  for (const { name, offset, magic, format } of SIGNATURES) {
    if (head.length < offset + magic.length || !head.subarray(offset, offset + magic.length).equals(magic)) continue;
    if (format === undefined) throw new InvalidImage(`Image format ${name} is not supported; convert it to raw or qcow2`);
    return format;
  }
  return 'raw';
}

/** Compressed containers hold a raw disk; a qcow2 inside one cannot be written in a stream. */
export function isCompressed(format: ImageFormat): format is 'gzip' | 'xz' | 'zstd' {
  return format === 'gzip' || format === 'xz' || format === 'zstd';
}

/**
 * Checks the detected format against image_info.disk_format (Ironic refuses a mismatch: a qcow2 declared
 * raw would be written byte for byte, a raw declared qcow2 hints at a wrong image). Compressed raw images
 * are declared raw.
 */
export function checkDiskFormat(detected: ImageFormat, declared: unknown): void {
  if (typeof declared !== 'string' || declared === '') return;
  const expected = declared === 'qcow2' ? 'qcow2' : declared === 'raw' || declared === 'gpt' || declared === 'iso' ? 'raw' : undefined;
  if (expected === undefined) throw new InvalidImage(`image_info disk_format ${JSON.stringify(declared)} is not supported; use raw or qcow2`);
  const actual = detected === 'qcow2' ? 'qcow2' : 'raw';
  if (actual !== expected) {
    throw new InvalidImage(`Image format mismatch: image_info says disk_format ${declared}, the content is ${detected}`);
  }
}
