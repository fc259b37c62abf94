import {
  FILE_BYTES,
  FILE_OFFSET,
  HEADER_BYTES,
  MAGIC_COOKIE,
  MIN_MESSAGE_BYTES,
  Option,
  SNAME_BYTES,
  SNAME_OFFSET,
} from './dhcp-constants.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { ipv4Bytes } from './ipv4-address.js';

/**
 * Encodes a message. Options that do not fit in `maxBytes` (the client's option 57, at least 548) spill into
 * the file and sname fields when those are empty, announced by option 52 (RFC 2132 §9.3). Throws a RangeError
 * when even that is not enough: the caller built an impossible reply, which is a bug, not bad input.
 */
export function serializeDhcpPacket(packet: DhcpPacket, maxBytes = MIN_MESSAGE_BYTES): Buffer {
  const encoded = [...packet.options]
    .filter(([code]) => code !== Option.Pad && code !== Option.End && code !== Option.Overload)
    .map(([code, value]) => encodeOption(code, value));
  const mainRoom = Math.max(maxBytes, MIN_MESSAGE_BYTES) - HEADER_BYTES - 4 - 1;
  const total = encoded.reduce((sum, e) => sum + e.length, 0);
  const head = header(packet);
  if (total <= mainRoom) return Buffer.concat([head, ...encoded, Buffer.from([Option.End])]);
  const main: Buffer[] = [];
  const file: Buffer[] = [];
  const sname: Buffer[] = [];
  let room = mainRoom - 3; // option 52 itself takes three bytes
  let fileRoom = packet.file === '' ? FILE_BYTES - 1 : -1;
  let snameRoom = packet.sname === '' ? SNAME_BYTES - 1 : -1;
  // Message type and server id stay in the main area: some clients look for them there first.
  for (const e of encoded) {
    const pinned = e[0] === Option.MessageType || e[0] === Option.ServerIdentifier;
    if (e.length <= room || pinned) {
      main.push(e);
      room -= e.length;
    } else if (e.length <= fileRoom) {
      file.push(e);
      fileRoom -= e.length;
    } else if (e.length <= snameRoom) {
      sname.push(e);
      snameRoom -= e.length;
    } else throw new RangeError(`DHCP option ${e[0] ?? '?'} does not fit in a ${maxBytes}-byte message`);
  }
  if (room < 0) throw new RangeError(`DHCP options do not fit in a ${maxBytes}-byte message`);
  const overload = (file.length > 0 ? 1 : 0) | (sname.length > 0 ? 2 : 0);
  if (file.length > 0) fill(head, FILE_OFFSET, FILE_BYTES, file);
  if (sname.length > 0) fill(head, SNAME_OFFSET, SNAME_BYTES, sname);
  return Buffer.concat([head, Buffer.from([Option.Overload, 1, overload]), ...main, Buffer.from([Option.End])]);
}

/** One option as TLV bytes; values over 255 bytes become consecutive instances (RFC 3396 §7). */
export function encodeOption(code: number, value: Uint8Array): Buffer {
  if (value.length === 0) return Buffer.from([code, 0]);
  const parts: Buffer[] = [];
  for (let at = 0; at < value.length; at += 255) {
    const chunk = value.subarray(at, at + 255);
    parts.push(Buffer.from([code, chunk.length]), Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

/** The fixed header and magic cookie (RFC 2131 §2, §3). */
function header(p: DhcpPacket): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES + 4);
  buf.writeUInt8(p.op, 0);
  buf.writeUInt8(p.htype, 1);
  buf.writeUInt8(Math.min(p.hlen, 16), 2);
  buf.writeUInt8(p.hops, 3);
  buf.writeUInt32BE(p.xid >>> 0, 4);
  buf.writeUInt16BE(p.secs, 8);
  buf.writeUInt16BE(p.flags, 10);
  ipv4Bytes(p.ciaddr).copy(buf, 12);
  ipv4Bytes(p.yiaddr).copy(buf, 16);
  ipv4Bytes(p.siaddr).copy(buf, 20);
  ipv4Bytes(p.giaddr).copy(buf, 24);
  p.chaddr.copy(buf, 28, 0, Math.min(p.chaddr.length, 16));
  buf.write(p.sname.slice(0, SNAME_BYTES - 1), SNAME_OFFSET, 'latin1');
  buf.write(p.file.slice(0, FILE_BYTES - 1), FILE_OFFSET, 'latin1');
  buf.writeUInt32BE(MAGIC_COOKIE, HEADER_BYTES);
  return buf;
}

/** Writes options into an emptied field and ends them with End, padding the rest (RFC 2132 §9.3). */
function fill(buf: Buffer, offset: number, length: number, options: Buffer[]): void {
  buf.fill(0, offset, offset + length);
  const bytes = Buffer.concat([...options, Buffer.from([Option.End])]);
  bytes.copy(buf, offset);
}
