import { describe, expect, it } from 'vitest';
import { cipherSuite } from './cipher-suites.js';
import {
  encodeOpenSessionRequest,
  encodeRakp1,
  encodeRakp3,
  parseOpenSessionResponse,
  parseRakp2,
  parseRakp4,
} from './rakp-messages.js';

describe('RMCP+ handshake messages (IPMI 2.0 §13.17-13.23)', () => {
  it('proposes one algorithm of each kind in the Open Session Request', () => {
    const request = encodeOpenSessionRequest({
      tag: 7,
      privilege: 4,
      consoleSessionId: 0xa0a1a2a3,
      suite: cipherSuite(17)!,
    });
    expect(request.toString('hex')).toBe(
      '07040000a3a2a1a0' + '0000000803000000' + '0100000804000000' + '0200000801000000',
    );
  });

  it('encodes RAKP 1 with the role and the user name', () => {
    const rakp1 = encodeRakp1({
      tag: 1,
      bmcSessionId: 0x01020304,
      consoleRandom: Buffer.alloc(16, 0xee),
      role: 0x14,
      username: Buffer.from('admin'),
    });
    expect(rakp1.toString('hex')).toBe(
      '0100000004030201' + 'ee'.repeat(16) + '14000005' + Buffer.from('admin').toString('hex'),
    );
  });

  it('leaves the code out of a RAKP 3 that reports an error', () => {
    expect(encodeRakp3({ tag: 2, status: 0x0f, bmcSessionId: 1, keyExchangeCode: Buffer.alloc(20) })).toHaveLength(8);
    expect(encodeRakp3({ tag: 2, status: 0, bmcSessionId: 1, keyExchangeCode: Buffer.alloc(20) })).toHaveLength(28);
  });

  it('parses an Open Session Response and the 2-byte error form OpenIPMI sends', () => {
    const ok = Buffer.alloc(36);
    ok[0] = 9;
    ok[2] = 4;
    ok.writeUInt32LE(0x1234, 4);
    ok.writeUInt32LE(0x5678, 8);
    ok[16] = 1;
    ok[24] = 1;
    ok[32] = 1;
    expect(parseOpenSessionResponse(ok)).toMatchObject({
      tag: 9,
      status: 0,
      consoleSessionId: 0x1234,
      bmcSessionId: 0x5678,
      authenticationAlgorithm: 1,
    });
    expect(parseOpenSessionResponse(Buffer.from([9, 0x04]))).toMatchObject({ tag: 9, status: 4 });
    expect(() => parseOpenSessionResponse(ok.subarray(0, 20))).toThrow(/truncated/);
  });

  it('parses RAKP 2 and 4 and refuses truncated ones', () => {
    const rakp2 = Buffer.concat([
      Buffer.from([3, 0, 0, 0, 1, 0, 0, 0]),
      Buffer.alloc(16, 1),
      Buffer.alloc(16, 2),
      Buffer.alloc(20, 3),
    ]);
    expect(parseRakp2(rakp2, 20)).toMatchObject({
      tag: 3,
      status: 0,
      bmcRandom: Buffer.alloc(16, 1),
      bmcGuid: Buffer.alloc(16, 2),
      keyExchangeCode: Buffer.alloc(20, 3),
    });
    expect(() => parseRakp2(rakp2, 32)).toThrow(/truncated/);
    expect(
      parseRakp4(Buffer.concat([Buffer.from([4, 0, 0, 0, 1, 0, 0, 0]), Buffer.alloc(12, 9)]), 12).integrityCheckValue,
    ).toEqual(Buffer.alloc(12, 9));
    expect(parseRakp4(Buffer.from([4, 0x0f]), 12)).toMatchObject({ status: 0x0f });
  });
});
