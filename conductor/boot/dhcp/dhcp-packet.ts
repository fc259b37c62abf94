import {
  FILE_BYTES,
  FILE_OFFSET,
  HEADER_BYTES,
  MAGIC_COOKIE,
  Option,
  SNAME_BYTES,
  SNAME_OFFSET,
} from './dhcp-constants.js';
import { readIpv4 } from './ipv4-address.js';

/** A DHCP/BOOTP message (RFC 2131 §2). Options are raw values by code; repeated instances are joined (RFC 3396). */
export interface DhcpPacket {
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  xid: number;
  secs: number;
  flags: number;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  /** The client hardware address, `hlen` bytes of the 16-byte field. */
  chaddr: Buffer;
  sname: string;
  file: string;
  options: Map<number, Buffer>;
}

/** The outcome of parsing: a packet, or why the bytes are not one. */
export type ParseResult = { ok: true; packet: DhcpPacket } | { ok: false; reason: string };

/** Longest datagram accepted; DHCP over Ethernet never needs more (RFC 2131 §2 "max DHCP message size"). */
export const MAX_PACKET_BYTES = 4096;

/** Parses one UDP payload; every length is checked against the buffer, so no input can throw. */
export function parseDhcpPacket(bytes: Uint8Array): ParseResult {
  if (bytes.length < HEADER_BYTES + 4) return { ok: false, reason: `too short: ${bytes.length} bytes (< 240)` };
  if (bytes.length > MAX_PACKET_BYTES) return { ok: false, reason: `too long: ${bytes.length} bytes` };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const op = buf.readUInt8(0);
  if (op !== 1 && op !== 2) return { ok: false, reason: `unknown op ${op}` };
  const hlen = buf.readUInt8(2);
  if (hlen > 16) return { ok: false, reason: `hlen ${hlen} exceeds the 16-byte chaddr field` };
  if (buf.readUInt32BE(HEADER_BYTES) !== MAGIC_COOKIE) return { ok: false, reason: 'no DHCP magic cookie' };
  const options = new Map<number, Buffer>();
  const main = readOptions(buf, HEADER_BYTES + 4, buf.length, options);
  if (main !== undefined) return { ok: false, reason: main };
  // RFC 2132 §9.3: option 52 says file and/or sname carry more options, read file first, then sname.
  const overload = options.get(Option.Overload)?.[0] ?? 0;
  if (overload & 1) {
    const problem = readOptions(buf, FILE_OFFSET, FILE_OFFSET + FILE_BYTES, options);
    if (problem !== undefined) return { ok: false, reason: `in file field: ${problem}` };
  }
  if (overload & 2) {
    const problem = readOptions(buf, SNAME_OFFSET, SNAME_OFFSET + SNAME_BYTES, options);
    if (problem !== undefined) return { ok: false, reason: `in sname field: ${problem}` };
  }
  return {
    ok: true,
    packet: {
      op,
      htype: buf.readUInt8(1),
      hlen,
      hops: buf.readUInt8(3),
      xid: buf.readUInt32BE(4),
      secs: buf.readUInt16BE(8),
      flags: buf.readUInt16BE(10),
      ciaddr: readIpv4(buf, 12),
      yiaddr: readIpv4(buf, 16),
      siaddr: readIpv4(buf, 20),
      giaddr: readIpv4(buf, 24),
      chaddr: Buffer.from(buf.subarray(28, 28 + hlen)),
      sname: overload & 2 ? '' : cString(buf, SNAME_OFFSET, SNAME_BYTES),
      file: overload & 1 ? '' : cString(buf, FILE_OFFSET, FILE_BYTES),
      options,
    },
  };
}

/** Reads TLV options in [start, end) into `into`; a missing End is tolerated, an overrun is not. */
function readOptions(buf: Buffer, start: number, end: number, into: Map<number, Buffer>): string | undefined {
  let at = start;
  while (at < end) {
    const code = buf.readUInt8(at);
    if (code === Option.End) return undefined;
    if (code === Option.Pad) {
      at += 1;
      continue;
    }
    if (at + 1 >= end) return `option ${code} has no length byte`;
    const length = buf.readUInt8(at + 1);
    if (at + 2 + length > end) return `option ${code} claims ${length} bytes past the end`;
    const value = buf.subarray(at + 2, at + 2 + length);
    const previous = into.get(code);
    // RFC 3396 §7: a long option is split into several instances that the receiver concatenates.
    into.set(code, previous === undefined ? Buffer.from(value) : Buffer.concat([previous, value]));
    at += 2 + length;
  }
  return undefined;
}

/** A NUL-terminated ASCII field (sname, file), without the padding. */
function cString(buf: Buffer, offset: number, length: number): string {
  const field = buf.subarray(offset, offset + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul === -1 ? length : nul).toString('latin1');
}
