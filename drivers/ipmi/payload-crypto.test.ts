import { createCipheriv, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cipherSuite } from './cipher-suites.js';
import { isIpmiError } from './ipmi-error.js';
import { decryptPayload, encryptPayload, integrityCode } from './payload-crypto.js';

const key = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const iv = Buffer.from('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff', 'hex');

describe('AES-CBC-128 with IPMI padding (IPMI 2.0 §13.29)', () => {
  it('pads with 1, 2, 3 … and the pad length to a whole block, behind the IV', () => {
    const payload = Buffer.from('2018c88104017a', 'hex'); // 7 bytes: 8 pad bytes + 1 length byte
    const plain = Buffer.concat([payload, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 8])]);
    const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
    const expected = Buffer.concat([iv, cipher.update(plain), cipher.final()]);
    expect(encryptPayload(key, payload, iv)).toEqual(expected);
  });

  it('adds no pad bytes when payload plus length byte fill a block', () => {
    expect(encryptPayload(key, Buffer.alloc(15, 7), iv)).toHaveLength(32);
    expect(decryptPayload(key, encryptPayload(key, Buffer.alloc(15, 7), iv))).toEqual(Buffer.alloc(15, 7));
  });

  it('round-trips payloads of every length up to three blocks', () => {
    for (let length = 0; length <= 48; length += 1) {
      const payload = Buffer.alloc(length, length);
      expect(decryptPayload(key, encryptPayload(key, payload))).toEqual(payload);
    }
  });

  it('refuses partial blocks and impossible pad lengths as malformed', () => {
    const bad = [Buffer.alloc(20), Buffer.alloc(16)];
    const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
    bad.push(Buffer.concat([iv, cipher.update(Buffer.alloc(16, 0x20)), cipher.final()])); // pad length 32
    for (const data of bad)
      expect(() => decryptPayload(key, data)).toThrow(expect.objectContaining({ kind: 'malformed' }));
    expect(isIpmiError(new Error('x'))).toBe(false);
  });
});

describe('packet integrity (IPMI 2.0 §13.28.4)', () => {
  it('is HMAC-SHA1-96 for suite 3 and HMAC-SHA256-128 for suite 17', () => {
    const k1 = Buffer.alloc(20, 0x11);
    const data = Buffer.from('06c0', 'hex');
    const keys3 = { suite: cipherSuite(3)!, integrityKey: k1, aesKey: key };
    const keys17 = { suite: cipherSuite(17)!, integrityKey: Buffer.alloc(32, 0x11), aesKey: key };
    expect(integrityCode(keys3, data)).toEqual(createHmac('sha1', k1).update(data).digest().subarray(0, 12));
    expect(integrityCode(keys17, data)).toEqual(
      createHmac('sha256', Buffer.alloc(32, 0x11)).update(data).digest().subarray(0, 16),
    );
  });
});
