import { malformed } from './ipmi-error.js';

/** Network functions we use (IPMI 2.0 §5.1 Table 5-1); responses use netFn + 1. */
export const NetFn = { Chassis: 0x00, App: 0x06 } as const;

/** The BMC's slave address (IPMI 2.0 §13.8: rsSA 0x20) and the remote console's software ID (0x81). */
const BMC_SLAVE_ADDRESS = 0x20;
const CONSOLE_SOFTWARE_ID = 0x81;
/** rsSA, netFn/LUN, checksum, rqSA, rqSeq/LUN, cmd, completion code ... checksum. */
const MIN_RESPONSE_LENGTH = 8;

/** A request to the BMC: network function, command and request data. */
export interface IpmiRequest {
  netFn: number;
  command: number;
  data: Uint8Array;
}

/** The BMC's answer: the completion code and the response data after it. */
export interface IpmiResponse {
  netFn: number;
  command: number;
  completionCode: number;
  data: Buffer;
}

/** A response as it came off the wire, with the sequence number that pairs it with its request. */
export interface WireIpmiResponse extends IpmiResponse {
  rqSeq: number;
}

/** The IPMB checksum (IPMI 2.0 §13.8): the two's complement of the byte sum, so that the sum becomes 0. */
export function ipmiChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xff;
  return (0x100 - sum) & 0xff;
}

/** Encodes a LAN request message (IPMI 2.0 §13.8 Figure 13-4); `rqSeq` is the 6-bit request sequence. */
export function encodeIpmiRequest(request: IpmiRequest, rqSeq: number): Buffer {
  const header = Buffer.from([BMC_SLAVE_ADDRESS, (request.netFn & 0x3f) << 2]);
  const body = Buffer.concat([
    Buffer.from([CONSOLE_SOFTWARE_ID, (rqSeq & 0x3f) << 2, request.command & 0xff]),
    Buffer.from(request.data),
  ]);
  return Buffer.concat([header, Buffer.from([ipmiChecksum(header)]), body, Buffer.from([ipmiChecksum(body)])]);
}

/** Parses a LAN response message; throws a malformed IpmiError when a checksum or length is wrong. */
export function parseIpmiResponse(message: Buffer): WireIpmiResponse {
  if (message.length < MIN_RESPONSE_LENGTH) throw malformed(`IPMI response of ${message.length} bytes is truncated`);
  if (ipmiChecksum(message.subarray(0, 2)) !== message[2]) throw malformed('IPMI response header checksum is wrong');
  const body = message.subarray(3, message.length - 1);
  if (ipmiChecksum(body) !== message[message.length - 1]) throw malformed('IPMI response data checksum is wrong');
  const netFn = (message[1] ?? 0) >> 2;
  if ((netFn & 1) === 0)
    throw malformed(`IPMI message with netFn 0x${netFn.toString(16)} is a request, not a response`);
  return {
    netFn,
    rqSeq: (message[4] ?? 0) >> 2,
    command: message[5] ?? 0,
    completionCode: message[6] ?? 0,
    data: Buffer.from(message.subarray(7, message.length - 1)),
  };
}
