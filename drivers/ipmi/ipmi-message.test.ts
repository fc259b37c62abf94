import { describe, expect, it } from 'vitest';
import { isIpmiError } from './ipmi-error.js';
import { NetFn, encodeIpmiRequest, ipmiChecksum, parseIpmiResponse } from './ipmi-message.js';

describe('IPMI LAN messages (IPMI 2.0 §13.8)', () => {
  it('encodes Get Device ID as ipmitool puts it on the wire', () => {
    // rsSA 0x20, netFn App<<2 = 0x18, checksum 0xc8; rqSA 0x81, rqSeq 1<<2, cmd 0x01, checksum 0x7a
    expect(encodeIpmiRequest({ netFn: NetFn.App, command: 0x01, data: new Uint8Array(0) }, 1).toString('hex')).toBe(
      '2018c88104017a',
    );
  });

  it('makes checksums that bring the byte sum to zero', () => {
    expect(ipmiChecksum(Uint8Array.of(0x20, 0x18))).toBe(0xc8);
    expect(ipmiChecksum(Uint8Array.of())).toBe(0);
  });

  it('parses a Get Chassis Status response with its sequence number and completion code', () => {
    const response = Buffer.from('81047b2004010001000000fa', 'hex');
    response[response.length - 1] = ipmiChecksum(response.subarray(3, response.length - 1));
    expect(parseIpmiResponse(response)).toMatchObject({
      netFn: 1,
      rqSeq: 1,
      command: 1,
      completionCode: 0,
      data: Buffer.from([1, 0, 0, 0]),
    });
  });

  it('rejects wrong checksums, truncation and requests as malformed', () => {
    const good = Buffer.from('811c6320040100', 'hex');
    const withChecksum = Buffer.concat([good, Buffer.from([ipmiChecksum(good.subarray(3))])]);
    expect(() => parseIpmiResponse(withChecksum)).not.toThrow();
    const badHeader = Buffer.from(withChecksum);
    badHeader[2] = 0;
    for (const bad of [
      badHeader,
      withChecksum.subarray(0, 5),
      encodeIpmiRequest({ netFn: 0, command: 1, data: Uint8Array.of(0) }, 1),
    ]) {
      let error: unknown;
      try {
        parseIpmiResponse(bad);
      } catch (caught) {
        error = caught;
      }
      expect(isIpmiError(error, 'malformed')).toBe(true);
    }
  });
});
