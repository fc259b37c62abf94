import { BootpOp, Option, type MessageType } from '../dhcp-constants.js';
import type { DhcpPacket } from '../dhcp-packet.js';
import { ipv4Bytes } from '../ipv4-address.js';

/** Fields a test sets on a client request; everything else has a plain default. */
export interface RequestShape {
  type: MessageType;
  mac?: string;
  xid?: number;
  ciaddr?: string;
  giaddr?: string;
  flags?: number;
  hops?: number;
  options?: [number, Buffer | string][];
}

/** A client request (op 1, Ethernet) as a parsed packet. */
export function aRequest(shape: RequestShape): DhcpPacket {
  const mac = Buffer.from((shape.mac ?? '52:54:00:12:34:56').split(':').map((h) => parseInt(h, 16)));
  const options = new Map<number, Buffer>([[Option.MessageType, Buffer.from([shape.type])]]);
  for (const [code, value] of shape.options ?? [])
    options.set(code, typeof value === 'string' ? Buffer.from(value, 'latin1') : value);
  return {
    op: BootpOp.Request,
    htype: 1,
    hlen: 6,
    hops: shape.hops ?? 0,
    xid: shape.xid ?? 0x1234abcd,
    secs: 0,
    flags: shape.flags ?? 0,
    ciaddr: shape.ciaddr ?? '0.0.0.0',
    yiaddr: '0.0.0.0',
    siaddr: '0.0.0.0',
    giaddr: shape.giaddr ?? '0.0.0.0',
    chaddr: mac,
    sname: '',
    file: '',
    options,
  };
}

/** Option helpers for tests. */
export const opt = {
  ip: (code: number, address: string): [number, Buffer] => [code, ipv4Bytes(address)],
  arch: (arch: number): [number, Buffer] => [Option.ClientArchitecture, Buffer.from([arch >> 8, arch & 255])],
  pxe: (): [number, string] => [Option.VendorClass, 'PXEClient:Arch:00000:UNDI:002001'],
};
