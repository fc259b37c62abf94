import { LldpTlvType, type LldpTlv } from '../../../../core/index.js';

const ETHERTYPE_LLDP = 0x88cc;
const ETHERTYPE_VLAN = 0x8100;
const ETHERNET_HEADER_BYTES = 14;

/** A received frame: the TLVs of its LLDPDU, or why it was not used. */
export type LldpFrameResult = { tlvs: LldpTlv[] } | { problem: string };

/**
 * The TLVs of an Ethernet frame carrying an LLDPDU, as IPA reports them: [type, value hex] in order, the End TLV
 * included, the padding after it not (IPA's loop also turns the zero padding of a short frame into End TLVs).
 * The frame is refused, as 802.1AB-2016 §9.2.7.7.1 has a receiver discard it, when it is not LLDP, when a TLV
 * runs past its end, when it does not start with Chassis ID, Port ID and Time To Live (each at least 2 bytes),
 * and when its TTL is 0: a shutdown LLDPDU withdraws what the neighbour announced.
 */
export function readLldpFrame(frame: Uint8Array): LldpFrameResult {
  if (frame.length < ETHERNET_HEADER_BYTES) return { problem: `frame of ${frame.length} bytes has no Ethernet header` };
  let ethertype = uint16(frame, 12);
  let offset = ETHERNET_HEADER_BYTES;
  if (ethertype === ETHERTYPE_VLAN && frame.length >= ETHERNET_HEADER_BYTES + 4) {
    ethertype = uint16(frame, 16); // one 802.1Q tag, when the NIC did not strip it
    offset += 4;
  }
  if (ethertype !== ETHERTYPE_LLDP) return { problem: `ethertype 0x${ethertype.toString(16)} is not LLDP` };
  const tlvs: LldpTlv[] = [];
  while (offset + 2 <= frame.length) {
    const header = uint16(frame, offset);
    const type = header >> 9;
    const length = header & 0x1ff;
    const end = offset + 2 + length;
    if (end > frame.length)
      return { problem: `TLV type ${type} at byte ${offset} claims ${length} bytes, ${frame.length - offset - 2} left (truncated frame)` };
    tlvs.push([type, Buffer.from(frame.subarray(offset + 2, end)).toString('hex')]);
    offset = end;
    if (type === LldpTlvType.End) break;
  }
  return checkMandatoryTlvs(tlvs);
}

function checkMandatoryTlvs(tlvs: LldpTlv[]): LldpFrameResult {
  const mandatory = [LldpTlvType.ChassisId, LldpTlvType.PortId, LldpTlvType.TimeToLive] as const;
  for (const [index, expected] of mandatory.entries()) {
    const tlv = tlvs[index];
    if (tlv?.[0] !== expected) return { problem: `TLV ${index + 1} is ${tlv === undefined ? 'missing' : `type ${tlv[0]}`}, expected type ${expected}` };
    // Chassis and Port ID are a subtype plus at least one byte (§8.5.2, §8.5.3); TTL is 2 bytes (§8.5.4).
    if (tlv[1].length < 4) return { problem: `TLV type ${expected} has ${tlv[1].length / 2} bytes, expected at least 2` };
  }
  if (Number.parseInt(tlvs[2]?.[1].slice(0, 4) ?? '', 16) === 0) return { problem: 'TTL 0: a shutdown LLDPDU' };
  return { tlvs };
}

function uint16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}
