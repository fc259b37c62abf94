// netascii (RFC 1350 §5, referring to RFC 764): lines end in CR LF and a bare CR is sent as CR NUL.
import { memoryTftpFile, type TftpFile } from './file-source.js';

/** Largest file converted for a netascii read; conversion happens in memory and PXE files are binary. */
export const NETASCII_MAX_BYTES = 16 * 1024 * 1024;

/** `bytes` in netascii: LF becomes CR LF and CR becomes CR NUL. */
export function toNetascii(bytes: Uint8Array): Uint8Array {
  let extra = 0;
  for (const b of bytes) if (b === 0x0a || b === 0x0d) extra++;
  if (extra === 0) return bytes;
  const out = new Uint8Array(bytes.length + extra);
  let at = 0;
  for (const b of bytes) {
    if (b === 0x0a) {
      out[at++] = 0x0d;
      out[at++] = 0x0a;
    } else if (b === 0x0d) {
      out[at++] = 0x0d;
      out[at++] = 0x00;
    } else {
      out[at++] = b;
    }
  }
  return out;
}

/** Reads `file` whole and returns its netascii form, or undefined when it exceeds NETASCII_MAX_BYTES. */
export async function netasciiFile(file: TftpFile): Promise<TftpFile | undefined> {
  if (file.sizeBytes > NETASCII_MAX_BYTES) return undefined;
  return memoryTftpFile(toNetascii(await file.read(0, file.sizeBytes)));
}
