// Ironic's parse_lldp inspection hook (ironic/drivers/modules/inspector/hooks/parse_lldp.py and lldp_parsers.py):
// an interface's raw TLVs as readable name/value pairs, stored in plugin_data.parsed_lldp[<interface>]. The
// names and value shapes are Ironic's, so clients reading GET /v1/nodes/{id}/inventory see the same data.
import type { JsonObject } from './node.js';
import { parseLldpOrgSpecific } from './parse-lldp-org-specific.js';
import {
  LldpDecodeError,
  LldpTlvType,
  lldpIanaAddress,
  lldpIdentifier,
  lldpText,
  lldpValueBytes,
  type LldpFieldSink,
  type LldpTlv,
} from './lldp-tlvs.js';

/** The parsed pairs of one interface, plus each TLV that was skipped and why (for a warning in the log). */
export interface ParsedLldp {
  fields: JsonObject;
  skipped: string[];
}

// System capabilities bits (802.1AB-2016 Table 8-4), bit 1 upwards; bit 0 ("Other") is not reported by Ironic.
const CAPABILITIES = [
  'Repeater', 'Bridge', 'WLAN', 'Router', 'Telephone', 'DOCSIS cable device', 'Station only', 'C-Vlan', 'S-Vlan', 'TPMR',
] as const;

/** The TLVs of one interface as Ironic's parsed_lldp entry; TLVs that do not decode are skipped, never thrown. */
export function parseLldp(tlvs: readonly LldpTlv[]): ParsedLldp {
  const fields: JsonObject = {};
  const skipped: string[] = [];
  const sink: LldpFieldSink = {
    set: (name, value) => {
      if (!(name in fields)) fields[name] = value;
    },
    append: (name, value) => {
      const list = fields[name];
      if (Array.isArray(list)) list.push(value);
      else fields[name] = [value];
    },
  };
  for (const [type, hex] of tlvs) {
    try {
      const problem = parseTlv(type, lldpValueBytes(hex), sink);
      if (problem !== undefined) skipped.push(`TLV type ${type}: ${problem}`);
    } catch (error) {
      if (!(error instanceof LldpDecodeError)) throw error;
      skipped.push(`TLV type ${type}: ${error.reason}`);
    }
  }
  return { fields, skipped };
}

/** Adds one TLV's pairs; returns why it was not used (undefined when used, or when it carries nothing to show). */
function parseTlv(type: number, data: Uint8Array, sink: LldpFieldSink): string | undefined {
  switch (type) {
    case LldpTlvType.ChassisId:
      sink.set('switch_chassis_id', lldpIdentifier('chassis', data).value);
      return undefined;
    case LldpTlvType.PortId:
      sink.set('switch_port_id', lldpIdentifier('port', data).value);
      return undefined;
    case LldpTlvType.PortDescription:
      sink.set('switch_port_description', lldpText(data));
      return undefined;
    case LldpTlvType.SystemName:
      sink.set('switch_system_name', lldpText(data));
      return undefined;
    case LldpTlvType.SystemDescription:
      sink.set('switch_system_description', lldpText(data));
      return undefined;
    case LldpTlvType.SystemCapabilities:
      return parseCapabilities(data, sink);
    case LldpTlvType.ManagementAddress:
      return parseManagementAddress(data, sink);
    case LldpTlvType.OrganizationallySpecific:
      return parseLldpOrgSpecific(data, sink);
    case LldpTlvType.End:
    case LldpTlvType.TimeToLive:
      return undefined;
    default:
      return 'type not handled';
  }
}

/** System Capabilities (§8.5.8): two 16-bit maps, supported then enabled; exactly 4 bytes. */
function parseCapabilities(data: Uint8Array, sink: LldpFieldSink): string | undefined {
  if (data.length !== 4) return `expected 4 bytes, got ${data.length}`;
  const names = (bits: number) => CAPABILITIES.filter((_, i) => (bits & (1 << (i + 1))) !== 0);
  sink.set('switch_capabilities_support', names(((data[0] ?? 0) << 8) | (data[1] ?? 0)));
  sink.set('switch_capabilities_enabled', names(((data[2] ?? 0) << 8) | (data[3] ?? 0)));
  return undefined;
}

/**
 * Management Address (§8.5.9): string length (subtype + address), address subtype, address, then interface
 * numbering and an OID that Ironic ignores. Every address goes into the switch_mgmt_addresses list.
 */
function parseManagementAddress(data: Uint8Array, sink: LldpFieldSink): string | undefined {
  const length = data[0];
  if (length === undefined || length < 2 || data.length < 1 + length) return 'management address is truncated';
  sink.append('switch_mgmt_addresses', lldpIanaAddress(data[1] ?? -1, data.subarray(2, 1 + length)));
  return undefined;
}
