import { describe, expect, it } from 'vitest';
import { cipherSuite } from './cipher-suites.js';
import { NetFn, encodeIpmiRequest } from './ipmi-message.js';
import { integrityCode } from './payload-crypto.js';
import type { SessionKeys } from './rakp-crypto.js';
import { PayloadType, encodeV15Packet, encodeV20Packet, parseSessionPacket, peekSessionId } from './session-packet.js';

const keys: SessionKeys = {
  suite: cipherSuite(3)!,
  integrityKey: Buffer.alloc(20, 0x5a),
  aesKey: Buffer.alloc(16, 0xa5),
};
const message = encodeIpmiRequest({ netFn: NetFn.Chassis, command: 0x01, data: new Uint8Array(0) }, 5);

describe('session wrappers (IPMI 2.0 §13.6)', () => {
  it('wraps Get Channel Authentication Capabilities in a sessionless IPMI 1.5 packet', () => {
    const request = encodeIpmiRequest({ netFn: NetFn.App, command: 0x38, data: Uint8Array.of(0x8e, 0x04) }, 1);
    // RMCP header, auth type 0, sequence 0, session 0, length 9, then the message
    expect(encodeV15Packet(request).toString('hex')).toBe(`0600ff0700000000000000000009${request.toString('hex')}`);
  });

  it('sends handshake payloads unauthenticated with session ID and sequence 0', () => {
    const packet = encodeV20Packet({
      payloadType: PayloadType.OpenSessionRequest,
      sessionId: 0,
      sequence: 0,
      payload: Buffer.alloc(32),
    });
    expect(packet.subarray(0, 16).toString('hex')).toBe('0600ff070610000000000000000020' + '00');
    expect(parseSessionPacket(packet)).toMatchObject({
      version: '2.0',
      payloadType: 0x10,
      authenticated: false,
      payload: Buffer.alloc(32),
    });
  });

  it('encrypts, pads to a multiple of 4 and signs session packets, and unwraps them again', () => {
    const packet = encodeV20Packet({
      payloadType: PayloadType.Ipmi,
      sessionId: 0x11223344,
      sequence: 7,
      payload: message,
      keys,
    });
    expect(packet[5]).toBe(0xc0); // encrypted | authenticated | IPMI
    expect(packet.readUInt32LE(6)).toBe(0x11223344);
    expect(peekSessionId(packet)).toBe(0x11223344);
    const covered = packet.subarray(4, packet.length - 12);
    expect(covered.length % 4).toBe(0);
    expect(covered[covered.length - 1]).toBe(0x07); // next header
    expect(packet.subarray(packet.length - 12)).toEqual(integrityCode(keys, covered));
    expect(parseSessionPacket(packet, keys)).toMatchObject({
      version: '2.0',
      sequence: 7,
      authenticated: true,
      payload: message,
    });
  });

  it('rejects a flipped bit, a missing key or a lying length as malformed', () => {
    const packet = encodeV20Packet({
      payloadType: PayloadType.Ipmi,
      sessionId: 1,
      sequence: 1,
      payload: message,
      keys,
    });
    const flipped = Buffer.from(packet);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    const longer = Buffer.from(packet);
    longer.writeUInt16LE(999, 14);
    expect(() => parseSessionPacket(flipped, keys)).toThrow(/AuthCode/);
    expect(() => parseSessionPacket(packet)).toThrow(/outside an established session/);
    expect(() => parseSessionPacket(longer, keys)).toThrow(/exceeds/);
    expect(() => parseSessionPacket(Buffer.from('0600ff0703', 'hex'))).toThrow(/auth type/);
  });
});
