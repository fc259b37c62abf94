import { ipmiChecksum } from '../../drivers/ipmi/ipmi-message.js';
import { RMCP_HEADER_LENGTH, RmcpClass, rmcpHeader } from '../../drivers/ipmi/rmcp-header.js';

/** A LAN request as the BMC sees it (IPMI 2.0 §13.8 Figure 13-4), with its raw bytes to build the answer from. */
export interface LanRequest {
  netFn: number;
  command: number;
  data: Buffer;
  raw: Buffer;
}

/** Parses a LAN request message; undefined when it is too short or a checksum is wrong (a BMC drops those). */
export function parseLanRequest(message: Buffer): LanRequest | undefined {
  if (message.length < 7) return undefined;
  if (ipmiChecksum(message.subarray(0, 2)) !== message[2]) return undefined;
  if (ipmiChecksum(message.subarray(3, message.length - 1)) !== message[message.length - 1]) return undefined;
  const netFn = (message[1] ?? 0) >> 2;
  if ((netFn & 1) !== 0) return undefined; // a response, not a request
  return { netFn, command: message[5] ?? 0, data: message.subarray(6, message.length - 1), raw: message };
}

/** The LAN response to `request`: addresses swapped, netFn + 1, same rqSeq and command (§13.8 Figure 13-5). */
export function encodeLanResponse(request: LanRequest, completionCode: number, data: Buffer): Buffer {
  const raw = request.raw;
  const header = Buffer.from([raw[3] ?? 0x81, ((request.netFn | 1) << 2) | ((raw[4] ?? 0) & 0x03)]);
  const body = Buffer.concat([Buffer.from([raw[0] ?? 0x20, raw[4] ?? 0, request.command, completionCode]), data]);
  return Buffer.concat([header, Buffer.from([ipmiChecksum(header)]), body, Buffer.from([ipmiChecksum(body)])]);
}

const ASF_IANA = 4542;
const ASF_PING = 0x80;
const ASF_PONG = 0x40;

/**
 * The Presence Pong to an ASF Presence Ping (ASF 2.0 §3.2.4.3), or undefined when `datagram` is no ping.
 * Supported Entities 0x81 (IPMI, ASF 1.0) as OpenIPMI's ipmi_sim answers.
 */
export function answerPresencePing(datagram: Buffer): Buffer | undefined {
  if (datagram.length < RMCP_HEADER_LENGTH + 8 || datagram.readUInt32BE(4) !== ASF_IANA) return undefined;
  if (datagram[8] !== ASF_PING) return undefined;
  const body = Buffer.alloc(24);
  body.writeUInt32BE(ASF_IANA, 0);
  body[4] = ASF_PONG;
  body[5] = datagram[9] ?? 0; // message tag
  body[7] = 16; // data length
  body.writeUInt32BE(ASF_IANA, 8);
  body[16] = 0x81;
  return Buffer.concat([rmcpHeader(RmcpClass.Asf), body]);
}
