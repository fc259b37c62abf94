import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { malformed } from './ipmi-error.js';
import type { SessionKeys } from './rakp-crypto.js';

const AES_BLOCK = 16;

/**
 * AES-CBC-128 confidentiality (IPMI 2.0 §13.29, Table 13-20): a random IV, then the payload followed by pad
 * bytes 1, 2, 3 ... and the pad length, encrypted so that the whole is a multiple of 16 bytes.
 */
export function encryptPayload(aesKey: Buffer, payload: Buffer, iv: Buffer = randomBytes(AES_BLOCK)): Buffer {
  const padLength = (AES_BLOCK - ((payload.length + 1) % AES_BLOCK)) % AES_BLOCK;
  const pad = Buffer.from(Array.from({ length: padLength }, (_, i) => i + 1));
  const cipher = createCipheriv('aes-128-cbc', aesKey, iv).setAutoPadding(false);
  const plain = Buffer.concat([payload, pad, Buffer.from([padLength])]);
  return Buffer.concat([iv, cipher.update(plain), cipher.final()]);
}

/** Reverses encryptPayload; throws a malformed IpmiError when the length or the pad length cannot be right. */
export function decryptPayload(aesKey: Buffer, data: Buffer): Buffer {
  if (data.length < 2 * AES_BLOCK || data.length % AES_BLOCK !== 0) {
    throw malformed(`encrypted payload of ${data.length} bytes is not an IV plus whole AES blocks`);
  }
  const decipher = createDecipheriv('aes-128-cbc', aesKey, data.subarray(0, AES_BLOCK)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data.subarray(AES_BLOCK)), decipher.final()]);
  const padLength = plain[plain.length - 1] ?? 0;
  // §13.29: the pad makes the plaintext a multiple of 16, so it is never longer than 15 bytes.
  if (padLength >= AES_BLOCK || padLength + 1 > plain.length)
    throw malformed(`confidentiality pad length ${padLength} is impossible`);
  return plain.subarray(0, plain.length - padLength - 1);
}

/** The AuthCode of an RMCP+ packet (§13.28.4): HMAC_K1 over AuthType … Next Header, truncated per suite. */
export function integrityCode(keys: SessionKeys, covered: Buffer): Buffer {
  return createHmac(keys.suite.hash, keys.integrityKey)
    .update(covered)
    .digest()
    .subarray(0, keys.suite.integrityCodeLength);
}
