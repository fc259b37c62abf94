import { createHash } from 'node:crypto';

/** A checksum as the firmware step receives it: `sha256:<hex>`, `sha512:<hex>`, or bare hex (64 / 128 digits). */
export interface FirmwareChecksum {
  algorithm: 'sha256' | 'sha512';
  hex: string;
}

/** Parses the checksum; throws an Error explaining the accepted forms. */
export function parseFirmwareChecksum(checksum: string): FirmwareChecksum {
  const match = /^(?:(sha256|sha512):)?([0-9a-fA-F]+)$/.exec(checksum.trim());
  const hex = match?.[2]?.toLowerCase() ?? '';
  const algorithm = match?.[1] ?? (hex.length === 64 ? 'sha256' : hex.length === 128 ? 'sha512' : undefined);
  const expectedLength = algorithm === 'sha256' ? 64 : 128;
  if (algorithm === undefined || (algorithm !== 'sha256' && algorithm !== 'sha512') || hex.length !== expectedLength) {
    throw new Error(
      `checksum must be sha256:<64 hex digits>, sha512:<128 hex digits> or bare hex of either length; got ${JSON.stringify(checksum)}`,
    );
  }
  return { algorithm, hex };
}

/** The hex digest of `bytes` with the checksum's algorithm. */
export function digestOf(bytes: Buffer, checksum: FirmwareChecksum): string {
  return createHash(checksum.algorithm).update(bytes).digest('hex');
}
