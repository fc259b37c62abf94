import { Option } from './dhcp-constants.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { readIpv4 } from './ipv4-address.js';

/** What a request says about its sender, read once from the packet's options. */
export interface DhcpClientFacts {
  /** Canonical MAC (aa:bb:…) for Ethernet clients; undefined for other hardware types. */
  mac: string | undefined;
  /** The lease key: option 61 in hex, else hardware type + chaddr (RFC 2132 §9.14). */
  clientKey: string;
  messageType: number | undefined;
  /** Option 93's first architecture type (RFC 4578 §2.1). */
  arch: number | undefined;
  /** Option 60 starts with "PXEClient" or "HTTPClient" (PXE spec 2.1, UEFI 2.5 §24.7). */
  isPxe: boolean;
  isHttpClient: boolean;
  /** iPXE sends option 175, and user class "iPXE" (ipxe src/net/udp/dhcp.c). */
  isIpxe: boolean;
  requestedAddress: string | undefined;
  serverId: string | undefined;
  hostname: string | undefined;
  /** Largest reply the client accepts (option 57), at least 548. */
  maxMessageBytes: number;
}

/** Reads the facts the server decides on; never throws, whatever the option values. */
export function readClientFacts(p: DhcpPacket): DhcpClientFacts {
  const mac =
    p.htype === 1 && p.hlen === 6 ? [...p.chaddr].map((b) => b.toString(16).padStart(2, '0')).join(':') : undefined;
  const id = p.options.get(Option.ClientIdentifier);
  const vendor = text(p, Option.VendorClass) ?? '';
  const arch = p.options.get(Option.ClientArchitecture);
  const max = p.options.get(Option.MaxMessageSize);
  return {
    mac,
    clientKey:
      id !== undefined && id.length > 0
        ? id.toString('hex')
        : `${p.htype.toString(16).padStart(2, '0')}${p.chaddr.toString('hex')}`,
    messageType: p.options.get(Option.MessageType)?.[0],
    arch: arch !== undefined && arch.length >= 2 ? arch.readUInt16BE(0) : undefined,
    isPxe: vendor.startsWith('PXEClient') || vendor.startsWith('HTTPClient'),
    isHttpClient: vendor.startsWith('HTTPClient'),
    isIpxe: p.options.has(Option.Ipxe) || hasUserClass(p.options.get(Option.UserClass), 'iPXE'),
    requestedAddress: address(p, Option.RequestedAddress),
    serverId: address(p, Option.ServerIdentifier),
    hostname: text(p, Option.HostName),
    maxMessageBytes:
      max !== undefined && max.length === 2 ? Math.min(Math.max(max.readUInt16BE(0) - 28, 548), 1472) : 548,
  };
}

function text(p: DhcpPacket, code: number): string | undefined {
  const value = p.options.get(code);
  return value === undefined ? undefined : value.toString('latin1').replace(/\0+$/, '');
}

function address(p: DhcpPacket, code: number): string | undefined {
  const value = p.options.get(code);
  return value?.length === 4 ? readIpv4(value, 0) : undefined;
}

/** iPXE sends the bare string; RFC 3004 §4 clients send length-prefixed items. Accept both. */
function hasUserClass(value: Buffer | undefined, wanted: string): boolean {
  if (value === undefined) return false;
  if (value.toString('latin1') === wanted) return true;
  for (let at = 0; at < value.length;) {
    const length = value[at] ?? 0;
    if (value.subarray(at + 1, at + 1 + length).toString('latin1') === wanted) return true;
    at += 1 + length;
  }
  return false;
}
