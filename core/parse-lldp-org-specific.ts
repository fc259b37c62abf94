// Organizationally specific TLVs (type 127) Ironic's parse_lldp understands: IEEE 802.1 (OUI 00-80-C2,
// 802.1Q-2014 Annex D) and IEEE 802.3 (OUI 00-12-0F, 802.3 clause 79). Names and shapes are Ironic's
// (ironic/drivers/modules/inspector/lldp_parsers.py).
import { lldpText, type LldpFieldSink } from './lldp-tlvs.js';

const OUI_802_1 = '0080c2';
const OUI_802_3 = '00120f';

/** RFC 4836 ifMauAutoNegCapBits, most significant bit first; bit 0 ("other") is not reported. */
const AUTONEG_CAPABILITIES = [
  '10BASE-T hdx', '10BASE-T fdx', '10BASE-T4', '100BASE-TX hdx', '100BASE-TX fdx', '100BASE-T2 hdx',
  '100BASE-T2 fdx', 'PAUSE fdx', 'Asym PAUSE fdx', 'Sym PAUSE fdx', 'Asym and Sym PAUSE fdx', '1000BASE-X hdx',
  '1000BASE-X fdx', '1000BASE-T hdx', '1000BASE-T fdx',
] as const;

/** RFC 4836 dot3MauType 0-53, the operational MAU types Ironic names (switch_port_mau_type). */
const MAU_TYPES = [
  'Unknown', 'AUI', '10BASE-5', 'FOIRL', '10BASE-2', '10BASE-T duplex mode unknown', '10BASE-FP', '10BASE-FB',
  '10BASE-FL duplex mode unknown', '10BROAD36', '10BASE-T half duplex', '10BASE-T full duplex',
  '10BASE-FL half duplex', '10BASE-FL full duplex', '100 BASE-T4', '100BASE-TX half duplex',
  '100BASE-TX full duplex', '100BASE-FX half duplex', '100BASE-FX full duplex', '100BASE-T2 half duplex',
  '100BASE-T2 full duplex', '1000BASE-X half duplex', '1000BASE-X full duplex', '1000BASE-LX half duplex',
  '1000BASE-LX full duplex', '1000BASE-SX half duplex', '1000BASE-SX full duplex', '1000BASE-CX half duplex',
  '1000BASE-CX full duplex', '1000BASE-T half duplex', '1000BASE-T full duplex', '10GBASE-X', '10GBASE-LX4',
  '10GBASE-R', '10GBASE-ER', '10GBASE-LR', '10GBASE-SR', '10GBASE-W', '10GBASE-EW', '10GBASE-LW', '10GBASE-SW',
  '10GBASE-CX4', '2BASE-TL', '10PASS-TS', '100BASE-BX10D', '100BASE-BX10U', '100BASE-LX10', '1000BASE-BX10D',
  '1000BASE-BX10U', '1000BASE-LX10', '1000BASE-PX10D', '1000BASE-PX10U', '1000BASE-PX20D', '1000BASE-PX20U',
] as const;

const uint16 = (data: Uint8Array, at: number): number => ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
const uint32 = (data: Uint8Array, at: number): number => uint16(data, at) * 65536 + uint16(data, at + 2);
const hexOf = (data: Uint8Array): string => [...data].map((b) => b.toString(16).padStart(2, '0')).join('');

/** One organizationally specific TLV: OUI (3 bytes), subtype, then the subtype's fields. */
export function parseLldpOrgSpecific(data: Uint8Array, sink: LldpFieldSink): string | undefined {
  if (data.length < 4) return `expected an OUI and a subtype, got ${data.length} bytes`;
  const oui = hexOf(data.subarray(0, 3));
  const subtype = data[3] ?? 0;
  const body = data.subarray(4);
  if (oui === OUI_802_1) return parseDot1(subtype, body, sink);
  if (oui === OUI_802_3) return parseDot3(subtype, body, sink);
  return `organizationally unique ID ${oui} not recognized`;
}

/** Why `body` is too short (or, when `exact`, not exactly `bytes` long); undefined when it fits. */
function needs(body: Uint8Array, bytes: number, exact: boolean): string | undefined {
  if (exact ? body.length === bytes : body.length >= bytes) return undefined;
  return `expected ${exact ? '' : 'at least '}${bytes} bytes, got ${body.length}`;
}

/** Runs `use` when `body` has at least `bytes` bytes; returns why not otherwise. */
function withAtLeast(body: Uint8Array, bytes: number, use: () => void): string | undefined {
  const problem = needs(body, bytes, false);
  if (problem === undefined) use();
  return problem;
}

/** 802.1Q Annex D: port VLAN ID, port and protocol VLAN, VLAN name, protocol identity, management VID, LAG. */
function parseDot1(subtype: number, body: Uint8Array, sink: LldpFieldSink): string | undefined {
  switch (subtype) {
    case 1:
      return withAtLeast(body, 2, () => sink.set('switch_port_untagged_vlan_id', uint16(body, 0)));
    case 2: {
      const problem = needs(body, 3, true);
      if (problem !== undefined) return problem;
      sink.set('switch_port_protocol_vlan_enabled', ((body[0] ?? 0) & 0x04) !== 0);
      sink.set('switch_port_protocol_vlan_support', ((body[0] ?? 0) & 0x02) !== 0);
      sink.append('switch_port_protocol_vlan_ids', uint16(body, 1));
      return undefined;
    }
    case 3: {
      const nameLength = body[2] ?? 0;
      const problem = needs(body, 3 + nameLength, false);
      if (problem !== undefined) return problem;
      // The name is a fixed-size field: Ironic's PaddedString drops trailing NULs.
      const name = lldpText(body.subarray(3, 3 + nameLength)).replace(/\0+$/, '');
      sink.append('switch_port_vlans', { name, id: uint16(body, 0) });
      return undefined;
    }
    case 4: {
      const length = body[0] ?? 0;
      return withAtLeast(body, 1 + length, () => sink.append('switch_protocol_identities', hexOf(body.subarray(1, 1 + length))));
    }
    case 6:
      return withAtLeast(body, 2, () => sink.set('switch_port_management_vlan_id', uint16(body, 0)));
    case 7:
      return parseLinkAggregation(body, sink);
    default:
      return `802.1 subtype ${subtype} not handled`;
  }
}

/** 802.3 clause 79: MAC/PHY configuration/status, link aggregation (deprecated there, same as 802.1's), MTU. */
function parseDot3(subtype: number, body: Uint8Array, sink: LldpFieldSink): string | undefined {
  switch (subtype) {
    case 1: {
      const problem = needs(body, 5, true);
      if (problem !== undefined) return problem;
      const mau = MAU_TYPES[uint16(body, 3)];
      if (mau === undefined) return `MAU type ${uint16(body, 3)} unknown`;
      const pmd = uint16(body, 1);
      sink.set('switch_port_autonegotiation_enabled', ((body[0] ?? 0) & 0x02) !== 0);
      sink.set('switch_port_autonegotiation_support', ((body[0] ?? 0) & 0x01) !== 0);
      // Bit 14 (the second most significant) is the first capability; bit 15 ("other") is skipped.
      sink.set('switch_port_physical_capabilities', AUTONEG_CAPABILITIES.filter((_, i) => (pmd & (1 << (14 - i))) !== 0).sort());
      sink.set('switch_port_mau_type', mau);
      return undefined;
    }
    case 3:
      return parseLinkAggregation(body, sink);
    case 4:
      return withAtLeast(body, 2, () => sink.set('switch_port_mtu', uint16(body, 0)));
    default:
      return `802.3 subtype ${subtype} not handled`;
  }
}

/** Link aggregation: status (bit 0 supported, bit 1 enabled) and the aggregated port ID; exactly 5 bytes. */
function parseLinkAggregation(body: Uint8Array, sink: LldpFieldSink): string | undefined {
  const problem = needs(body, 5, true);
  if (problem !== undefined) return problem;
  sink.set('switch_port_link_aggregation_enabled', ((body[0] ?? 0) & 0x02) !== 0);
  sink.set('switch_port_link_aggregation_support', ((body[0] ?? 0) & 0x01) !== 0);
  sink.set('switch_port_link_aggregation_id', uint32(body, 1));
  return undefined;
}
