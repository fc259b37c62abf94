import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cipherSuite } from './cipher-suites.js';
import {
  deriveSessionKeys,
  rakp2Code,
  rakp3Code,
  rakp4Code,
  sessionIntegrityKey,
  type RakpContext,
} from './rakp-crypto.js';

const suite3 = cipherSuite(3)!;
const suite17 = cipherSuite(17)!;
const password = Buffer.from('password');
// Fixed inputs, written out as the bytes the spec concatenates (§13.31), so the expected values below are
// computed from the spec's formulas by hand, not through the code under test.
const context: RakpContext = {
  consoleSessionId: 0x04030201,
  bmcSessionId: 0x0a0b0c0d,
  consoleRandom: Buffer.from('00112233445566778899aabbccddeeff', 'hex'),
  bmcRandom: Buffer.from('ffeeddccbbaa99887766554433221100', 'hex'),
  bmcGuid: Buffer.from('a1a2a3a4a5a6a7a8a9aaabacadaeafb0', 'hex'),
  role: 0x14,
  username: Buffer.from('admin'),
};
const hmac = (hash: string, key: Buffer, hex: string): Buffer =>
  createHmac(hash, key).update(Buffer.from(hex, 'hex')).digest();
const SIDM = '01020304';
const SIDC = '0d0c0b0a';
const RM = '00112233445566778899aabbccddeeff';
const RC = 'ffeeddccbbaa99887766554433221100';
const GUID = 'a1a2a3a4a5a6a7a8a9aaabacadaeafb0';
const ROLE_NAME = `1405${Buffer.from('admin').toString('hex')}`;

describe('RAKP key exchange (IPMI 2.0 §13.31-13.32)', () => {
  for (const [suite, hash] of [
    [suite3, 'sha1'],
    [suite17, 'sha256'],
  ] as const) {
    it(`computes the RAKP 2 and 3 codes and the SIK with HMAC-${hash.toUpperCase()} (suite ${suite.id})`, () => {
      expect(rakp2Code(suite, password, context)).toEqual(
        hmac(hash, password, SIDM + SIDC + RM + RC + GUID + ROLE_NAME),
      );
      expect(rakp3Code(suite, password, context)).toEqual(hmac(hash, password, RC + SIDM + ROLE_NAME));
      expect(sessionIntegrityKey(suite, password, context)).toEqual(hmac(hash, password, RM + RC + ROLE_NAME));
    });

    it(`derives K1, the AES key and the truncated RAKP 4 value (suite ${suite.id})`, () => {
      const sik = sessionIntegrityKey(suite, password, context);
      const keys = deriveSessionKeys(suite, sik);
      expect(keys.integrityKey).toEqual(hmac(hash, sik, '01'.repeat(20)));
      expect(keys.aesKey).toEqual(hmac(hash, sik, '02'.repeat(20)).subarray(0, 16));
      expect(rakp4Code(suite, sik, context)).toEqual(
        hmac(hash, sik, RM + SIDC + GUID).subarray(0, suite.integrityCodeLength),
      );
    });
  }

  it('uses 12-byte codes for suite 3 and 16-byte codes for suite 17', () => {
    expect([suite3.keyExchangeCodeLength, suite3.integrityCodeLength]).toEqual([20, 12]);
    expect([suite17.keyExchangeCodeLength, suite17.integrityCodeLength]).toEqual([32, 16]);
  });

  it('matches SIK vectors computed with openssl (`openssl dgst -sha1|-sha256 -mac HMAC -macopt key:password`)', () => {
    expect(sessionIntegrityKey(suite3, password, context).toString('hex')).toBe(
      'b839ac6124560d8239f8f7705979702792490639',
    );
    expect(sessionIntegrityKey(suite17, password, context).toString('hex')).toBe(
      '1b742b16482475759d5cde57fdd0f6283292c7c1d241818747db90484111a7fd',
    );
  });
});
