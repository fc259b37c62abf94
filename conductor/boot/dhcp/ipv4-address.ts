/** An IPv4 address as an unsigned 32-bit number, for arithmetic on ranges and masks. */
export type Ipv4Number = number;

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The number of a dotted-quad address, or undefined when `text` is not one. */
export function parseIpv4(text: string): Ipv4Number | undefined {
  const m = DOTTED.exec(text.trim());
  if (!m) return undefined;
  let value = 0;
  for (const part of m.slice(1, 5)) {
    const byte = Number(part);
    if (byte > 255) return undefined;
    value = value * 256 + byte;
  }
  return value;
}

/** The dotted-quad form of an address number. */
export function formatIpv4(value: Ipv4Number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Reads four bytes at `offset` as a dotted quad (DHCP address fields, RFC 2131 §2). */
export function readIpv4(buffer: Uint8Array, offset: number): string {
  return `${buffer[offset] ?? 0}.${buffer[offset + 1] ?? 0}.${buffer[offset + 2] ?? 0}.${buffer[offset + 3] ?? 0}`;
}

/** Four bytes of a dotted quad; 0.0.0.0 for text that is not an address. */
export function ipv4Bytes(text: string): Buffer {
  const value = parseIpv4(text) ?? 0;
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

/** An IPv4 network in CIDR form. */
export interface Ipv4Network {
  readonly address: Ipv4Number;
  readonly prefixLength: number;
  readonly mask: Ipv4Number;
}

/** `10.0.0.0/24` as a network (host bits cleared), or undefined when malformed. */
export function parseCidr(text: string): Ipv4Network | undefined {
  const [ip, bits, extra] = text.trim().split('/');
  if (ip === undefined || bits === undefined || extra !== undefined || !/^\d{1,2}$/.test(bits)) return undefined;
  const address = parseIpv4(ip);
  const prefixLength = Number(bits);
  if (address === undefined || prefixLength > 32) return undefined;
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return { address: (address & mask) >>> 0, prefixLength, mask };
}

/** True when `address` lies in `network`. */
export function isInNetwork(address: Ipv4Number, network: Ipv4Network): boolean {
  return (address & network.mask) >>> 0 === network.address;
}
