import { describe, expect, it } from 'vitest';
import {
  decodeTftpPacket,
  encodeAck,
  encodeData,
  encodeError,
  encodeOack,
  encodeRequest,
  MAX_PACKET_BYTES,
} from './packet.js';

const raw = (...parts: (number[] | string)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('decodeTftpPacket', () => {
  it('decodes an RRQ with options, lower-casing mode and option names (RFC 2347 §2)', () => {
    const packet = decodeTftpPacket(raw([0, 1], 'undionly.kpxe\0OCTET\0BlkSize\x001468\0TSIZE\x000\0'));
    expect(packet).toEqual({
      op: 'rrq',
      filename: 'undionly.kpxe',
      mode: 'octet',
      options: new Map([
        ['blksize', '1468'],
        ['tsize', '0'],
      ]),
    });
  });

  it('round-trips every packet the server and a client exchange', () => {
    const options = new Map([['windowsize', '16']]);
    expect(decodeTftpPacket(encodeRequest({ op: 'wrq', filename: 'a', mode: 'octet', options }))).toEqual({
      op: 'wrq',
      filename: 'a',
      mode: 'octet',
      options,
    });
    expect(decodeTftpPacket(encodeAck(65_535))).toEqual({ op: 'ack', block: 65_535 });
    expect(decodeTftpPacket(encodeError(5, 'Unknown transfer ID'))).toEqual({
      op: 'error',
      code: 5,
      message: 'Unknown transfer ID',
    });
    expect(decodeTftpPacket(encodeOack(options))).toEqual({ op: 'oack', options });
    const data = decodeTftpPacket(encodeData(7, Buffer.from('abc')));
    expect(data).toMatchObject({ op: 'data', block: 7 });
  });

  it.each([
    ['an empty datagram', raw([])],
    ['a 1-byte datagram', raw([1])],
    ['a 3-byte ACK', raw([0, 4, 1])],
    ['a 5-byte ACK', raw([0, 4, 0, 1, 0])],
    ['an unknown opcode', raw([0, 9, 0, 0])],
    ['opcode 0', raw([0, 0, 0, 0])],
    ['an RRQ without a mode', raw([0, 1], 'file\0')],
    ['an RRQ with an unterminated mode', raw([0, 1], 'file\0octet')],
    ['an RRQ with an empty filename', raw([0, 1], '\0octet\0')],
    ['an option without a value', raw([0, 1], 'f\0octet\0blksize\0')],
    ['an empty option name', raw([0, 1], 'f\0octet\0\x00512\0')],
    ['a repeated option', raw([0, 1], 'f\0octet\0blksize\x00512\0BLKSIZE\x00512\0')],
    ['a 2000-byte filename', raw([0, 1], `${'a'.repeat(2000)}\0octet\0`)],
    ['an oversized datagram', Buffer.alloc(MAX_PACKET_BYTES + 1, 1)],
  ])('refuses %s with a reason', (_name, bytes) => {
    const packet = decodeTftpPacket(bytes);
    expect(packet.op).toBe('invalid');
    expect(packet).toHaveProperty('reason', expect.any(String));
  });

  it('refuses more than 32 options', () => {
    const options = Array.from({ length: 33 }, (_, i) => `o${i}\x001\0`).join('');
    expect(decodeTftpPacket(raw([0, 1], `f\0octet\0${options}`)).op).toBe('invalid');
  });

  it('survives 50,000 mutated and random datagrams without throwing (bounded fuzz)', () => {
    let seed = 0x5eed;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const seeds = [
      encodeRequest({
        op: 'rrq',
        filename: 'pxelinux.0',
        mode: 'octet',
        options: new Map([
          ['blksize', '1468'],
          ['tsize', '0'],
        ]),
      }),
      encodeAck(1),
      encodeError(1, 'x'),
      encodeOack(new Map([['windowsize', '4']])),
      encodeData(1, Buffer.alloc(20)),
    ];
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const base = seeds[i % seeds.length] ?? Buffer.alloc(0);
      const bytes =
        i % 10 === 0
          ? Buffer.from(Array.from({ length: Math.floor(random() * 600) }, () => Math.floor(random() * 256)))
          : mutate(base, random);
      const packet = decodeTftpPacket(bytes);
      counts.set(packet.op, (counts.get(packet.op) ?? 0) + 1);
    }
    expect(counts.get('invalid')).toBeGreaterThan(1000);
    expect(counts.get('rrq')).toBeGreaterThan(100);
  });
});

function mutate(base: Buffer, random: () => number): Buffer {
  const bytes = Buffer.from(base);
  switch (Math.floor(random() * 4)) {
    case 0:
      return bytes.subarray(0, Math.floor(random() * bytes.length)); // truncated
    case 1:
      bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256); // flipped byte
      return bytes;
    case 2:
      return Buffer.concat([bytes, Buffer.alloc(Math.floor(random() * 70_000), Math.floor(random() * 256))]); // oversized
    default:
      bytes[1] = Math.floor(random() * 8); // wrong opcode
      return bytes;
  }
}
