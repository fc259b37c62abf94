// LLDP (IEEE 802.1AB-2016) TLVs as the inventory carries them: IPA puts, per interface, the TLVs of the first
// LLDPDU it received as [type, value in hex] pairs (ironic_python_agent/hardware.py collect_lldp_data), and
// Ironic's inspection hooks decode them (ironic/drivers/modules/inspector/lldp_tlvs.py). This file decodes the
// values that identify the link; parse-lldp.ts turns a whole TLV list into Ironic's parsed_lldp.
import type { JsonValue } from './node.js';

/** One TLV: its type (0-127) and its value as lower-case hex, exactly as the inventory carries it. */
export type LldpTlv = [number, string];

/** TLV types of the basic management set (802.1AB-2016 §8.4, Table 8-1). */
export const LldpTlvType = {
  End: 0,
  ChassisId: 1,
  PortId: 2,
  TimeToLive: 3,
  PortDescription: 4,
  SystemName: 5,
  SystemDescription: 6,
  SystemCapabilities: 7,
  ManagementAddress: 8,
  OrganizationallySpecific: 127,
} as const;

/** Name/value pairs collected over a TLV list: a single value keeps the first one, lists grow (Ironic). */
export interface LldpFieldSink {
  set(name: string, value: JsonValue): void;
  append(name: string, value: JsonValue): void;
}

/** A value that could not be decoded; `reason` says why, for a log line that names the node and interface. */
export class LldpDecodeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LldpDecodeError';
  }
}

/**
 * The TLV list of an interface from untrusted JSON (inventory `interfaces[].lldp` or plugin_data `lldp_raw`):
 * an array of [type, hex] pairs. Undefined when it is not an array; entries of the wrong shape are dropped.
 */
export function lldpTlvsOf(value: unknown): LldpTlv[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (entry): entry is LldpTlv =>
      Array.isArray(entry) &&
      entry.length === 2 &&
      Number.isInteger(entry[0]) &&
      (entry[0] as number) >= 0 &&
      (entry[0] as number) <= 127 &&
      typeof entry[1] === 'string',
  );
}

/** The bytes of a hex TLV value; throws LldpDecodeError when it is not hex (Ironic logs and skips those). */
export function lldpValueBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new LldpDecodeError('value is not hexadecimal');
  // A TLV length is 9 bits: no value is longer than 511 bytes (802.1AB-2016 §8.4.1).
  if (hex.length > 1022) throw new LldpDecodeError('value is longer than 511 bytes');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** UTF-8 text; invalid sequences throw, as Ironic's decoder does (the TLV is then skipped). */
export function lldpText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new LldpDecodeError('text is not valid UTF-8');
  }
}

/** `aa:bb:cc:dd:ee:ff` from exactly six bytes (netaddr's mac_unix_expanded, which Ironic prints). */
export function lldpMac(bytes: Uint8Array): string {
  if (bytes.length !== 6) throw new LldpDecodeError(`a MAC address has 6 bytes, not ${bytes.length}`);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** An IPv6 address in RFC 5952 form: lower case, no leading zeros, the longest run of 2+ zero groups as `::`. */
function ipv6Text(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * An address with its IANA address family number (RFC 3232 registry; 802.1AB-2016 §8.5.2.3, §8.5.9.4): IPv4
 * (1), IPv6 (2) and 802 MAC (6), the families Ironic decodes. Extra bytes after the address are ignored, as
 * Ironic's parser does; missing ones and other families throw.
 */
export function lldpIanaAddress(family: number, bytes: Uint8Array): string {
  const sizes: Record<number, number> = { 1: 4, 2: 16, 6: 6 };
  const size = sizes[family];
  if (size === undefined) throw new LldpDecodeError(`address family ${family} is not IPv4, IPv6 or MAC`);
  if (bytes.length < size) throw new LldpDecodeError(`address of family ${family} has ${bytes.length} of ${size} bytes`);
  const address = bytes.subarray(0, size);
  if (family === 1) return [...address].join('.');
  return family === 2 ? ipv6Text(address) : lldpMac(address);
}

/** What a Chassis ID or Port ID says: its subtype and the value as text. */
export interface LldpIdentifier {
  subtype: number;
  value: string;
}

// Subtypes per 802.1AB-2016 Table 8-2 (chassis) and Table 8-3 (port): which are text, MAC or network address.
// Port ID subtype 6 (agent circuit ID, RFC 3046) is binary and Ironic does not map it: it throws here too.
const CHASSIS_TEXT = new Set([1, 2, 3, 6, 7]);
const PORT_TEXT = new Set([1, 2, 5, 7]);
const SUBTYPE_MAC = { chassis: 4, port: 3 } as const;
const SUBTYPE_ADDRESS = { chassis: 5, port: 4 } as const;

/** A Chassis ID (type 1) or Port ID (type 2) value: subtype byte, then text, a MAC or a network address. */
export function lldpIdentifier(kind: 'chassis' | 'port', bytes: Uint8Array): LldpIdentifier {
  const subtype = bytes[0];
  if (subtype === undefined) throw new LldpDecodeError(`${kind} ID is empty`);
  const rest = bytes.subarray(1);
  // 802.1AB-2016 §8.5.2.3, §8.5.3.3: the ID is 1 to 255 octets; an empty one would block a later, real value.
  if (rest.length === 0) throw new LldpDecodeError(`${kind} ID subtype ${subtype} has no value`);
  if ((kind === 'chassis' ? CHASSIS_TEXT : PORT_TEXT).has(subtype)) return { subtype, value: lldpText(rest) };
  if (subtype === SUBTYPE_MAC[kind]) return { subtype, value: lldpMac(rest) };
  if (subtype === SUBTYPE_ADDRESS[kind]) return { subtype, value: lldpIanaAddress(rest[0] ?? -1, rest.subarray(1)) };
  throw new LldpDecodeError(`${kind} ID subtype ${subtype} is not supported`);
}

/** True for a Chassis ID decoded from a MAC address (the only kind Ironic takes as a switch_id). */
export function isMacChassisId(id: LldpIdentifier): boolean {
  return id.subtype === SUBTYPE_MAC.chassis;
}

/** The fields of a port's local_link_connection that LLDP can fill. */
export interface LldpLinkFields {
  switch_id?: string;
  port_id?: string;
  switch_info?: string;
}

/**
 * Ironic's local_link_connection hook over one interface's TLVs: switch_id from a MAC Chassis ID, port_id from
 * the Port ID and switch_info from the System Name. Like Ironic, a Chassis ID, Port ID or System Name that
 * cannot be decoded voids the whole result (returned as `problem`): the port is then left as it is.
 */
export function lldpLinkFields(tlvs: readonly LldpTlv[]): { fields: LldpLinkFields } | { problem: string } {
  const fields: LldpLinkFields = {};
  for (const [type, hex] of tlvs) {
    try {
      if (type === LldpTlvType.ChassisId) {
        const id = lldpIdentifier('chassis', lldpValueBytes(hex));
        if (isMacChassisId(id)) fields.switch_id = id.value;
      } else if (type === LldpTlvType.PortId) {
        fields.port_id = lldpIdentifier('port', lldpValueBytes(hex)).value;
      } else if (type === LldpTlvType.SystemName) {
        fields.switch_info = lldpText(lldpValueBytes(hex));
      }
    } catch (error) {
      if (!(error instanceof LldpDecodeError)) throw error;
      return { problem: `TLV type ${type}: ${error.reason}` };
    }
  }
  return { fields };
}
