import { malformed } from './ipmi-error.js';

/** RMCP message classes (ASF 2.0 §3.2.2.2; IPMI 2.0 §13.1.3). */
export const RmcpClass = { Asf: 0x06, Ipmi: 0x07 } as const;
export type RmcpClass = (typeof RmcpClass)[keyof typeof RmcpClass];

/** Length of the RMCP header: version, reserved, sequence, class. */
export const RMCP_HEADER_LENGTH = 4;

/** RMCP version 1.0 is encoded as 0x06 (ASF 2.0 §3.2.2.1). */
const RMCP_VERSION = 0x06;
/** Sequence 0xFF: "no RMCP ACK" (IPMI 2.0 §13.1.3: IPMI messages never use RMCP ACKs). */
const RMCP_NO_ACK = 0xff;
/** The ASF IANA enterprise number (4542), big-endian in ASF messages. */
const ASF_IANA = 4542;
const ASF_PING = 0x80;
const ASF_PONG = 0x40;

/** The 4-byte RMCP header for a message of `messageClass`. */
export function rmcpHeader(messageClass: RmcpClass): Buffer {
  return Buffer.from([RMCP_VERSION, 0x00, RMCP_NO_ACK, messageClass]);
}

/** The RMCP class of a datagram; throws a malformed IpmiError when the header is not RMCP 1.0. */
export function readRmcpClass(datagram: Buffer): number {
  if (datagram.length < RMCP_HEADER_LENGTH)
    throw malformed(`datagram of ${datagram.length} bytes is shorter than an RMCP header`);
  if (datagram[0] !== RMCP_VERSION) throw malformed(`RMCP version byte is 0x${hexByte(datagram[0])}, expected 0x06`);
  return (datagram[3] ?? 0) & 0x1f; // bit 7 flags an RMCP ACK, bits 6:5 are reserved
}

/** An ASF Presence Ping (ASF 2.0 §3.2.4.1): BMCs answer with a Pong even outside any session. */
export function encodeAsfPing(tag: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(ASF_IANA, 0);
  body[4] = ASF_PING;
  body[5] = tag & 0xff;
  body[6] = 0x00;
  body[7] = 0x00; // data length
  return Buffer.concat([rmcpHeader(RmcpClass.Asf), body]);
}

/** What an ASF Presence Pong tells (ASF 2.0 §3.2.4.3). */
export interface AsfPong {
  tag: number;
  /** Supported Entities bit 7: the managed system speaks IPMI. */
  ipmiSupported: boolean;
}

/** Parses an ASF Presence Pong; throws a malformed IpmiError for anything else. */
export function parseAsfPong(datagram: Buffer): AsfPong {
  if (readRmcpClass(datagram) !== RmcpClass.Asf) throw malformed('expected an ASF message');
  if (datagram.length < RMCP_HEADER_LENGTH + 8 + 16)
    throw malformed(`ASF pong of ${datagram.length} bytes is truncated`);
  if (datagram.readUInt32BE(4) !== ASF_IANA) throw malformed('ASF message does not carry the ASF IANA number');
  if (datagram[8] !== ASF_PONG) throw malformed(`ASF message type 0x${hexByte(datagram[8])} is not a pong`);
  return { tag: datagram[9] ?? 0, ipmiSupported: ((datagram[20] ?? 0) & 0x80) !== 0 };
}

function hexByte(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, '0');
}
