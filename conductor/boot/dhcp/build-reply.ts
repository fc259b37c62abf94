import type { BootChoice } from './boot-file.js';
import { BootpOp, BROADCAST_FLAG, MessageType, Option } from './dhcp-constants.js';
import type { DhcpPacket } from './dhcp-packet.js';
import type { DhcpSubnetSettings } from './dhcp-settings.js';
import { ipv4Bytes } from './ipv4-address.js';
import { maskAndBroadcast } from './served-subnet.js';

/** A reply and where it goes. */
export interface Outgoing {
  packet: DhcpPacket;
  address: string;
  port: number;
  /** The client's option 57 limit (RFC 2132 §9.10). */
  maxBytes: number;
}

/** A reply skeleton with the fields RFC 2131 §4.3.1 table 3 copies from the request. */
export function buildReply(request: DhcpPacket, type: MessageType, serverId: string, yiaddr = '0.0.0.0'): DhcpPacket {
  const options = new Map<number, Buffer>([
    [Option.MessageType, Buffer.from([type])],
    [Option.ServerIdentifier, ipv4Bytes(serverId)],
  ]);
  return {
    op: BootpOp.Reply,
    htype: request.htype,
    hlen: request.hlen,
    hops: 0,
    xid: request.xid,
    secs: 0,
    flags: request.flags,
    ciaddr: type === MessageType.Nak ? '0.0.0.0' : request.ciaddr,
    yiaddr,
    siaddr: '0.0.0.0',
    giaddr: request.giaddr,
    chaddr: request.chaddr,
    sname: '',
    file: '',
    options,
  };
}

/** Lease time with T1 = 50 % and T2 = 87.5 % (RFC 2131 §4.4.5 defaults), plus the subnet's options. */
export function addAddressOptions(reply: DhcpPacket, subnet: DhcpSubnetSettings, leaseS: number | undefined): void {
  const { mask, broadcast } = maskAndBroadcast(subnet);
  const o = reply.options;
  o.set(Option.SubnetMask, ipv4Bytes(mask));
  o.set(Option.BroadcastAddress, ipv4Bytes(broadcast));
  if (subnet.router !== undefined) o.set(Option.Router, ipv4Bytes(subnet.router));
  if (subnet.dns.length > 0) o.set(Option.DomainServer, Buffer.concat(subnet.dns.map(ipv4Bytes)));
  if (leaseS === undefined) return; // DHCPINFORM replies carry no lease time (RFC 2131 §4.3.5)
  o.set(Option.LeaseTime, u32(leaseS));
  o.set(Option.RenewalTime, u32(Math.floor(leaseS / 2)));
  o.set(Option.RebindingTime, u32(Math.floor((leaseS * 7) / 8)));
}

/**
 * The boot fields: siaddr + file + options 66/67 for TFTP, the URL and vendor class "HTTPClient" for UEFI HTTP
 * boot (UEFI 2.5 §24.7), and for iPXE the script URL plus option 175.176 no-pxedhcp = 1, which stops iPXE
 * waiting ~3 s for ProxyDHCP offers (lab README, "three things").
 */
export function addBootOptions(reply: DhcpPacket, choice: BootChoice, isIpxe: boolean): void {
  const o = reply.options;
  const file = choice.kind === 'tftp' ? choice.file : choice.url;
  if (choice.kind === 'tftp') {
    reply.siaddr = choice.server;
    o.set(Option.TftpServerName, Buffer.from(choice.server, 'latin1'));
  }
  if (choice.kind === 'http-boot') o.set(Option.VendorClass, Buffer.from('HTTPClient', 'latin1'));
  if (file.length < 128) reply.file = file;
  o.set(Option.BootfileName, Buffer.from(file, 'latin1'));
  if (isIpxe) o.set(Option.Ipxe, Buffer.from([176, 1, 1]));
}

/**
 * Where a reply goes (RFC 2131 §4.1): to the relay's port 67 when relayed; to ciaddr when the client has an
 * address; else broadcast. A NAK without relay is always broadcast. Unicast to yiaddr needs an ARP entry we
 * cannot write from Node, and RFC 2131 §4.1 allows the broadcast instead.
 */
export function replyDestination(request: DhcpPacket, reply: DhcpPacket, maxBytes: number): Outgoing {
  const isNak = reply.options.get(Option.MessageType)?.[0] === MessageType.Nak;
  if (request.giaddr !== '0.0.0.0') {
    if (isNak) reply.flags |= BROADCAST_FLAG; // §4.3.2: the relay must broadcast a NAK to the client
    return { packet: reply, address: request.giaddr, port: 67, maxBytes };
  }
  if (!isNak && request.ciaddr !== '0.0.0.0') return { packet: reply, address: request.ciaddr, port: 68, maxBytes };
  return { packet: reply, address: '255.255.255.255', port: 68, maxBytes };
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(Math.min(value, 0xffffffff) >>> 0);
  return out;
}
