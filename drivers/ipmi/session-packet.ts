import { timingSafeEqual } from 'node:crypto';
import { malformed } from './ipmi-error.js';
import { decryptPayload, encryptPayload, integrityCode } from './payload-crypto.js';
import type { SessionKeys } from './rakp-crypto.js';
import { RMCP_HEADER_LENGTH, RmcpClass, readRmcpClass, rmcpHeader } from './rmcp-header.js';

/** Session header auth types (IPMI 2.0 §13.6): 0 = none (IPMI 1.5, no session), 6 = RMCP+. */
export const AuthType = { None: 0x00, RmcpPlus: 0x06 } as const;

/** RMCP+ payload types (IPMI 2.0 §13.27.3 Table 13-16). */
export const PayloadType = {
  Ipmi: 0x00,
  OpenSessionRequest: 0x10,
  OpenSessionResponse: 0x11,
  Rakp1: 0x12,
  Rakp2: 0x13,
  Rakp3: 0x14,
  Rakp4: 0x15,
} as const;

const ENCRYPTED = 0x80;
const AUTHENTICATED = 0x40;
/** Offsets after the RMCP header (Table 13-8): auth type, payload type, session ID, sequence, length. */
const V20_PAYLOAD_OFFSET = RMCP_HEADER_LENGTH + 12;
const V15_PAYLOAD_OFFSET = RMCP_HEADER_LENGTH + 10;
/** Next Header in the integrity trailer is always 0x07 (Table 13-8). */
const NEXT_HEADER = 0x07;

/** A received packet, unwrapped: the payload is decrypted and its integrity checked. */
export type SessionPacket =
  | { version: '1.5'; sessionId: number; sequence: number; payload: Buffer }
  | {
      version: '2.0';
      payloadType: number;
      sessionId: number;
      sequence: number;
      authenticated: boolean;
      payload: Buffer;
    };

/** An IPMI 1.5 packet outside any session (auth type none), used for Get Channel Authentication Capabilities. */
export function encodeV15Packet(message: Buffer): Buffer {
  const header = Buffer.alloc(10); // auth type 0, sequence 0, session ID 0 (§13.6 Table 13-4)
  header[9] = message.length;
  return Buffer.concat([rmcpHeader(RmcpClass.Ipmi), header, message]);
}

/** What an outgoing RMCP+ packet carries; `keys` turns on integrity and confidentiality. */
export interface OutboundPacket {
  payloadType: number;
  sessionId: number;
  sequence: number;
  payload: Buffer;
  keys?: SessionKeys | undefined;
}

/** Encodes an IPMI 2.0 / RMCP+ packet (§13.6 Table 13-8), encrypting and signing when keys are given. */
export function encodeV20Packet(packet: OutboundPacket): Buffer {
  const { keys } = packet;
  const body = keys ? encryptPayload(keys.aesKey, packet.payload) : packet.payload;
  const header = Buffer.alloc(12);
  header[0] = AuthType.RmcpPlus;
  header[1] = (packet.payloadType & 0x3f) | (keys ? ENCRYPTED | AUTHENTICATED : 0);
  header.writeUInt32LE(packet.sessionId >>> 0, 2);
  header.writeUInt32LE(packet.sequence >>> 0, 6);
  header.writeUInt16LE(body.length, 10);
  if (!keys) return Buffer.concat([rmcpHeader(RmcpClass.Ipmi), header, body]);
  // Integrity pad: 0xFF bytes so that AuthType … Next Header is a multiple of 4 bytes (§13.28.4).
  const padLength = (4 - ((header.length + body.length + 2) % 4)) % 4;
  const covered = Buffer.concat([header, body, Buffer.alloc(padLength, 0xff), Buffer.from([padLength, NEXT_HEADER])]);
  return Buffer.concat([rmcpHeader(RmcpClass.Ipmi), covered, integrityCode(keys, covered)]);
}

/** The session ID field of an IPMI datagram without checking anything else; undefined when too short. */
export function peekSessionId(datagram: Buffer): number | undefined {
  const authType = datagram[RMCP_HEADER_LENGTH];
  if (authType === AuthType.RmcpPlus) return datagram.length >= 10 ? datagram.readUInt32LE(6) : undefined;
  return datagram.length >= 13 ? datagram.readUInt32LE(9) : undefined;
}

/**
 * Unwraps an IPMI datagram. Authenticated RMCP+ packets need `keys`: their AuthCode is verified and their
 * payload decrypted. Throws a malformed IpmiError when anything does not add up.
 */
export function parseSessionPacket(datagram: Buffer, keys?: SessionKeys): SessionPacket {
  if (readRmcpClass(datagram) !== RmcpClass.Ipmi) throw malformed('datagram is not of the RMCP IPMI class');
  const authType = datagram[RMCP_HEADER_LENGTH];
  if (authType === AuthType.RmcpPlus) return parseV20(datagram, keys);
  if (authType === AuthType.None) return parseV15(datagram);
  throw malformed(`session auth type 0x${(authType ?? 0).toString(16)} is not supported`);
}

function parseV15(datagram: Buffer): SessionPacket {
  if (datagram.length < V15_PAYLOAD_OFFSET) throw malformed(`IPMI 1.5 packet of ${datagram.length} bytes is truncated`);
  const length = datagram[V15_PAYLOAD_OFFSET - 1] ?? 0;
  if (V15_PAYLOAD_OFFSET + length > datagram.length)
    throw malformed(`IPMI 1.5 message length ${length} exceeds the packet`);
  return {
    version: '1.5',
    sequence: datagram.readUInt32LE(5),
    sessionId: datagram.readUInt32LE(9),
    payload: datagram.subarray(V15_PAYLOAD_OFFSET, V15_PAYLOAD_OFFSET + length),
  };
}

function parseV20(datagram: Buffer, keys: SessionKeys | undefined): SessionPacket {
  if (datagram.length < V20_PAYLOAD_OFFSET) throw malformed(`RMCP+ packet of ${datagram.length} bytes is truncated`);
  const typeByte = datagram[5] ?? 0;
  if ((typeByte & 0x3f) === 0x02) throw malformed('OEM explicit payloads are not supported');
  const length = datagram.readUInt16LE(14);
  const end = V20_PAYLOAD_OFFSET + length;
  if (end > datagram.length) throw malformed(`RMCP+ payload length ${length} exceeds the packet`);
  const authenticated = (typeByte & AUTHENTICATED) !== 0;
  if ((typeByte & ENCRYPTED) !== 0 && !authenticated) throw malformed('encrypted RMCP+ packet without integrity');
  let payload = datagram.subarray(V20_PAYLOAD_OFFSET, end);
  if (authenticated) {
    if (!keys) throw malformed('authenticated RMCP+ packet outside an established session');
    verifyTrailer(datagram, end, keys);
    if ((typeByte & ENCRYPTED) !== 0) payload = decryptPayload(keys.aesKey, payload);
  }
  return {
    version: '2.0',
    payloadType: typeByte & 0x3f,
    sessionId: datagram.readUInt32LE(6),
    sequence: datagram.readUInt32LE(10),
    authenticated,
    payload,
  };
}

/** Checks the integrity trailer after the payload: pad, pad length, next header, AuthCode (Table 13-8). */
function verifyTrailer(datagram: Buffer, payloadEnd: number, keys: SessionKeys): void {
  const codeLength = keys.suite.integrityCodeLength;
  const codeStart = datagram.length - codeLength;
  const padLength = datagram[codeStart - 2];
  if (
    codeStart - 2 < payloadEnd ||
    padLength === undefined ||
    padLength > 3 ||
    payloadEnd + padLength !== codeStart - 2
  ) {
    throw malformed('RMCP+ integrity trailer does not fit the packet');
  }
  const expected = integrityCode(keys, datagram.subarray(RMCP_HEADER_LENGTH, codeStart));
  if (!timingSafeEqual(expected, datagram.subarray(codeStart)))
    throw malformed('RMCP+ AuthCode does not match (integrity check failed)');
}
