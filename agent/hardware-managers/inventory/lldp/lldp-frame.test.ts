import { describe, expect, it } from 'vitest';
import { anLldpFrame, lldpTlvBytes } from '../../../../test/support/an-lldp-frame.js';
import { readLldpFrame } from './lldp-frame.js';

const hex = (text: string): string => Buffer.from(text).toString('hex');

describe('readLldpFrame', () => {
  it("lists the LLDPDU's TLVs as [type, hex], End included and padding left out", () => {
    const frame = anLldpFrame({ pad: true, systemName: 'sw1' });
    expect(frame.length).toBe(60);
    expect(readLldpFrame(frame)).toEqual({
      tlvs: [[1, '04001b21a0b1c2'], [2, `05${hex('swp7')}`], [3, '0078'], [5, hex('sw1')], [0, '']],
    });
  });

  it('keeps repeated and unknown TLVs in order, and reads frames that still carry an 802.1Q tag', () => {
    const extra = [lldpTlvBytes(8, Buffer.from('05010a000001020000000100', 'hex')), lldpTlvBytes(100, Buffer.from([1])), lldpTlvBytes(8, Buffer.from('05010a000002020000000100', 'hex'))];
    const plain = anLldpFrame({ extra });
    const tagged = Buffer.concat([plain.subarray(0, 12), Buffer.from([0x81, 0x00, 0x00, 0x0a]), plain.subarray(12)]);
    const types = (result: ReturnType<typeof readLldpFrame>) => ('tlvs' in result ? result.tlvs.map((t) => t[0]) : result.problem);
    expect(types(readLldpFrame(plain))).toEqual([1, 2, 3, 5, 8, 100, 8, 0]);
    expect(types(readLldpFrame(tagged))).toEqual([1, 2, 3, 5, 8, 100, 8, 0]);
  });

  it('accepts an LLDPDU without End TLV (it is optional since 802.1AB-2009)', () => {
    const frame = anLldpFrame();
    expect(readLldpFrame(frame.subarray(0, frame.length - 2))).toMatchObject({ tlvs: [[1, expect.any(String)], [2, expect.any(String)], [3, '0078'], [5, hex('leaf-12a')]] });
  });

  it('refuses truncated and malformed frames with a reason instead of throwing', () => {
    const frame = anLldpFrame();
    const cases: Array<[Buffer, RegExp]> = [
      [frame.subarray(0, 10), /no Ethernet header/],
      [Buffer.concat([frame.subarray(0, 12), Buffer.from([0x08, 0x00]), frame.subarray(14)]), /ethertype 0x800 is not LLDP/],
      [frame.subarray(0, 20), /TLV type 1 at byte 14 claims 7 bytes, 4 left \(truncated frame\)/],
      [frame.subarray(0, 14), /TLV 1 is missing, expected type 1/],
      [anLldpFrame({ tlvs: [lldpTlvBytes(2, Buffer.from('0561', 'hex')), lldpTlvBytes(1, Buffer.from('0461', 'hex'))] }), /TLV 1 is type 2, expected type 1/],
      [anLldpFrame({ tlvs: [lldpTlvBytes(1, Buffer.from('04', 'hex')), lldpTlvBytes(2, Buffer.from('0561', 'hex')), lldpTlvBytes(3, Buffer.from('0078', 'hex'))] }), /TLV type 1 has 1 bytes, expected at least 2/],
      [anLldpFrame({ ttlS: 0 }), /TTL 0: a shutdown LLDPDU/],
      [Buffer.concat([frame.subarray(0, 14), Buffer.from([0xff, 0xff])]), /claims 511 bytes, 0 left/],
    ];
    for (const [bytes, reason] of cases) {
      const result = readLldpFrame(bytes);
      expect('problem' in result ? result.problem : 'accepted').toMatch(reason);
    }
  });

  it('never throws on random bytes', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const base = anLldpFrame();
    for (let i = 0; i < 1000; i++) {
      const bytes = Buffer.from(base);
      for (let j = 0; j < 4; j++) bytes[14 + Math.floor(random() * (bytes.length - 14))] = Math.floor(random() * 256);
      const cut = bytes.subarray(0, Math.floor(random() * bytes.length) + 1);
      expect(() => readLldpFrame(cut)).not.toThrow();
    }
  });
});
