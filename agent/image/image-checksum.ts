import { createHash, getHashes } from 'node:crypto';
import { InvalidImage, type JsonObject } from '../../core/index.js';
import type { SlotPool } from './slot-pool.js';
import { WorkerHash } from './worker-hash.js';

/** The digest the downloaded bytes must have. */
export interface ExpectedChecksum {
  algorithm: string;
  /** Lower-case hex. */
  value: string;
}

/** Where the checksum comes from: a value, or a checksum file to download first (legacy `checksum` URL). */
export type ChecksumSource = { kind: 'value'; checksum: ExpectedChecksum } | { kind: 'url'; url: string };

const ALGORITHMS = new Set(['sha256', 'sha384', 'sha512', 'md5']);
/** Legacy `checksum` values carry no algorithm; IPA infers it from the length (32 hex digits = MD5). */
const BY_LENGTH: Record<number, string> = { 32: 'md5', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

/**
 * Reads the checksum from IPA's image_info: `os_hash_algo` + `os_hash_value` (preferred), else the legacy
 * `checksum` (a hex digest, `algo:hex`, or an http(s) URL of a checksum file). IPA refuses an image without
 * one, and MD5 unless [agent]allow_md5_checksum.
 */
export function checksumSource(imageInfo: JsonObject, allowMd5: boolean): ChecksumSource {
  const algo = imageInfo.os_hash_algo;
  const hashValue = imageInfo.os_hash_value;
  if (typeof algo === 'string' && algo !== '' && typeof hashValue === 'string' && hashValue !== '') {
    return { kind: 'value', checksum: checked(algo.toLowerCase(), hashValue, allowMd5) };
  }
  const legacy = imageInfo.checksum;
  if (typeof legacy !== 'string' || legacy.trim() === '') {
    throw new InvalidImage('Image checksum is missing: image_info has neither os_hash_algo/os_hash_value nor checksum; refusing to write an unverifiable image');
  }
  const text = legacy.trim();
  if (/^https?:\/\//i.test(text)) return { kind: 'url', url: text };
  return { kind: 'value', checksum: parseDigest(text, allowMd5) };
}

/** A bare hex digest (algorithm from its length) or `algo:hex`. */
export function parseDigest(text: string, allowMd5: boolean): ExpectedChecksum {
  const prefixed = /^([a-z0-9]+):([0-9a-fA-F]+)$/.exec(text);
  if (prefixed?.[1] !== undefined && prefixed[2] !== undefined) return checked(prefixed[1], prefixed[2], allowMd5);
  if (!/^[0-9a-fA-F]+$/.test(text)) throw new InvalidImage(`Image checksum ${JSON.stringify(text.slice(0, 200))} is not a hex digest`);
  const algorithm = BY_LENGTH[text.length];
  if (algorithm === undefined) throw new InvalidImage(`Image checksum has ${text.length} hex digits; expected 64 (sha256) or 128 (sha512)`);
  return checked(algorithm, text, allowMd5);
}

function checked(algorithm: string, value: string, allowMd5: boolean): ExpectedChecksum {
  if (!ALGORITHMS.has(algorithm) || !getHashes().includes(algorithm)) {
    throw new InvalidImage(`Image checksum algorithm ${JSON.stringify(algorithm)} is not supported; use sha256 or sha512`);
  }
  if (algorithm === 'md5' && !allowMd5) {
    throw new InvalidImage('Image checksum is MD5, which is refused (allow_md5_checksum is off); give os_hash_algo sha256/sha512');
  }
  if (!/^[0-9a-fA-F]+$/.test(value) || value.length !== createHash(algorithm).digest().length * 2) {
    throw new InvalidImage(`Image checksum ${JSON.stringify(value.slice(0, 200))} is not a ${algorithm} hex digest`);
  }
  return { algorithm, value: value.toLowerCase() };
}

/**
 * The digest for `imageUrl` in a checksum file: `hash  name` / `hash *name` lines (sha256sum output), BSD
 * `SHA256 (name) = hash` lines, or a file holding one bare digest (IPA's _fetch_checksum rules).
 */
export function digestFromChecksumFile(text: string, imageUrl: string, allowMd5: boolean): ExpectedChecksum {
  const wanted = fileName(imageUrl);
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const only = lines.length === 1 && lines[0] !== undefined && /^[0-9a-fA-F]+$/.test(lines[0]) ? lines[0] : undefined;
  if (only !== undefined) return parseDigest(only, allowMd5);
  for (const line of lines) {
    const gnu = /^([0-9a-fA-F]+)\s+\*?(.+)$/.exec(line);
    if (gnu?.[1] !== undefined && gnu[2] !== undefined && fileName(gnu[2]) === wanted) return parseDigest(gnu[1], allowMd5);
    const bsd = /^([A-Za-z0-9]+)\s*\((.+)\)\s*=\s*([0-9a-fA-F]+)$/.exec(line);
    if (bsd?.[1] !== undefined && bsd[2] !== undefined && bsd[3] !== undefined && fileName(bsd[2]) === wanted) {
      return checked(bsd[1].toLowerCase(), bsd[3], allowMd5);
    }
  }
  throw new InvalidImage(`The checksum file has no entry for ${JSON.stringify(wanted)}`);
}

function fileName(pathOrUrl: string): string {
  let path = pathOrUrl;
  try {
    path = new URL(pathOrUrl).pathname;
  } catch {
    // a plain file name from the checksum file
  }
  const name = path.split('/').pop() ?? path;
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a stray % in a name is not an escape
  }
}

/** Starts hashing with the expected checksum's algorithm, on a worker thread reading `pool`; the caller closes it. */
export function createImageHash(expected: ExpectedChecksum, pool: SlotPool): WorkerHash {
  return new WorkerHash(expected.algorithm, pool);
}
