import type { CipherSuite } from './cipher-suites.js';
import { malformed } from './ipmi-error.js';

/** Open Session Request (IPMI 2.0 §13.17 Table 13-9). `privilege` 0 asks for the highest the BMC allows. */
export interface OpenSessionRequest {
  tag: number;
  privilege: number;
  consoleSessionId: number;
  suite: CipherSuite;
}

/** Encodes the Open Session Request payload with one proposal per algorithm (Tables 13-9, 13-11..13). */
export function encodeOpenSessionRequest(request: OpenSessionRequest): Buffer {
  const head = Buffer.alloc(8);
  head[0] = request.tag & 0xff;
  head[1] = request.privilege & 0x0f;
  head.writeUInt32LE(request.consoleSessionId >>> 0, 4);
  const proposal = (payloadType: number, algorithm: number): Buffer =>
    Buffer.from([payloadType, 0, 0, 8, algorithm, 0, 0, 0]);
  return Buffer.concat([
    head,
    proposal(0x00, request.suite.authenticationAlgorithm),
    proposal(0x01, request.suite.integrityAlgorithm),
    proposal(0x02, request.suite.confidentialityAlgorithm),
  ]);
}

/** The fields of an RMCP+ handshake reply every message shares: tag, status code and our session ID. */
export interface HandshakeReplyHead {
  tag: number;
  /** RMCP+ status code (Table 13-15); on non-zero the rest of the message may be absent. */
  status: number;
  consoleSessionId: number;
}

/** Open Session Response (Table 13-10). */
export interface OpenSessionResponse extends HandshakeReplyHead {
  privilege: number;
  bmcSessionId: number;
  authenticationAlgorithm: number;
  integrityAlgorithm: number;
  confidentialityAlgorithm: number;
}

/** Tag and status always come first; some BMCs (OpenIPMI's) send nothing else with an error status. */
function parseHead(payload: Buffer, what: string): HandshakeReplyHead {
  if (payload.length < 2) throw malformed(`${what} of ${payload.length} bytes is truncated`);
  const status = payload[1] ?? 0;
  if (status === 0 && payload.length < 8) throw malformed(`${what} of ${payload.length} bytes is truncated`);
  return { tag: payload[0] ?? 0, status, consoleSessionId: payload.length >= 8 ? payload.readUInt32LE(4) : 0 };
}

/** Parses an Open Session Response; an error status may come without the algorithm fields (Table 13-10). */
export function parseOpenSessionResponse(payload: Buffer): OpenSessionResponse {
  const head = parseHead(payload, 'Open Session Response');
  if (head.status !== 0)
    return {
      ...head,
      privilege: 0,
      bmcSessionId: 0,
      authenticationAlgorithm: 0,
      integrityAlgorithm: 0,
      confidentialityAlgorithm: 0,
    };
  if (payload.length < 36) throw malformed(`Open Session Response of ${payload.length} bytes is truncated`);
  return {
    ...head,
    privilege: (payload[2] ?? 0) & 0x0f,
    bmcSessionId: payload.readUInt32LE(8),
    authenticationAlgorithm: (payload[16] ?? 0) & 0x3f,
    integrityAlgorithm: (payload[24] ?? 0) & 0x3f,
    confidentialityAlgorithm: (payload[32] ?? 0) & 0x3f,
  };
}

/** RAKP Message 1 (Table 13-11). */
export interface Rakp1 {
  tag: number;
  bmcSessionId: number;
  consoleRandom: Buffer;
  role: number;
  username: Buffer;
}

/** Encodes RAKP Message 1. */
export function encodeRakp1(message: Rakp1): Buffer {
  const head = Buffer.alloc(8);
  head[0] = message.tag & 0xff;
  head.writeUInt32LE(message.bmcSessionId >>> 0, 4);
  return Buffer.concat([
    head,
    message.consoleRandom,
    Buffer.from([message.role, 0, 0, message.username.length]),
    message.username,
  ]);
}

/** RAKP Message 2 (Table 13-12). */
export interface Rakp2 extends HandshakeReplyHead {
  bmcRandom: Buffer;
  bmcGuid: Buffer;
  keyExchangeCode: Buffer;
}

/** Parses RAKP Message 2; `codeLength` is the suite's key exchange code length. */
export function parseRakp2(payload: Buffer, codeLength: number): Rakp2 {
  const head = parseHead(payload, 'RAKP 2');
  const empty = Buffer.alloc(0);
  if (head.status !== 0) return { ...head, bmcRandom: empty, bmcGuid: empty, keyExchangeCode: empty };
  if (payload.length < 40 + codeLength) throw malformed(`RAKP 2 of ${payload.length} bytes is truncated`);
  return {
    ...head,
    bmcRandom: Buffer.from(payload.subarray(8, 24)),
    bmcGuid: Buffer.from(payload.subarray(24, 40)),
    keyExchangeCode: Buffer.from(payload.subarray(40, 40 + codeLength)),
  };
}

/** RAKP Message 3 (Table 13-13); a non-zero status tells the BMC we give up and carries no code. */
export interface Rakp3 {
  tag: number;
  status: number;
  bmcSessionId: number;
  keyExchangeCode: Buffer;
}

/** Encodes RAKP Message 3. */
export function encodeRakp3(message: Rakp3): Buffer {
  const head = Buffer.alloc(8);
  head[0] = message.tag & 0xff;
  head[1] = message.status & 0xff;
  head.writeUInt32LE(message.bmcSessionId >>> 0, 4);
  return Buffer.concat([head, message.status === 0 ? message.keyExchangeCode : Buffer.alloc(0)]);
}

/** RAKP Message 4 (Table 13-14). */
export interface Rakp4 extends HandshakeReplyHead {
  integrityCheckValue: Buffer;
}

/** Parses RAKP Message 4; `icvLength` is the suite's truncated integrity code length. */
export function parseRakp4(payload: Buffer, icvLength: number): Rakp4 {
  const head = parseHead(payload, 'RAKP 4');
  if (head.status !== 0) return { ...head, integrityCheckValue: Buffer.alloc(0) };
  if (payload.length < 8 + icvLength) throw malformed(`RAKP 4 of ${payload.length} bytes is truncated`);
  return { ...head, integrityCheckValue: Buffer.from(payload.subarray(8, 8 + icvLength)) };
}
