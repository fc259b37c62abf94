/** One TLV on the wire: 7-bit type, 9-bit length, value (802.1AB-2016 §8.4.1). */
export function lldpTlvBytes(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(2);
  header.writeUInt16BE((type << 9) | value.length);
  return Buffer.concat([header, value]);
}

/** What a test frame announces; every part has a default, `tlvs` replaces the whole TLV list. */
export interface LldpFrameParts {
  chassisMac?: string;
  portName?: string;
  ttlS?: number;
  systemName?: string;
  /** TLVs after System Name, before End. */
  extra?: Buffer[];
  /** The complete TLV list (End included if wanted) instead of the defaults. */
  tlvs?: Buffer[];
  /** Pad to Ethernet's 60-byte minimum with zeros, as a NIC does. */
  pad?: boolean;
}

const mac = (text: string): Buffer => Buffer.from(text.replaceAll(':', ''), 'hex');

/** An Ethernet frame to 01:80:c2:00:00:0e carrying an LLDPDU, as a switch sends it. */
export function anLldpFrame(parts: LldpFrameParts = {}): Buffer {
  const chassis = parts.chassisMac ?? '00:1b:21:a0:b1:c2';
  const ttl = Buffer.alloc(2);
  ttl.writeUInt16BE(parts.ttlS ?? 120);
  const tlvs = parts.tlvs ?? [
    lldpTlvBytes(1, Buffer.concat([Buffer.from([4]), mac(chassis)])),
    lldpTlvBytes(2, Buffer.concat([Buffer.from([5]), Buffer.from(parts.portName ?? 'swp7')])),
    lldpTlvBytes(3, ttl),
    lldpTlvBytes(5, Buffer.from(parts.systemName ?? 'leaf-12a')),
    ...(parts.extra ?? []),
    lldpTlvBytes(0, Buffer.alloc(0)),
  ];
  const header = Buffer.concat([mac('01:80:c2:00:00:0e'), mac(chassis), Buffer.from([0x88, 0xcc])]);
  const frame = Buffer.concat([header, ...tlvs]);
  return parts.pad === true && frame.length < 60 ? Buffer.concat([frame, Buffer.alloc(60 - frame.length)]) : frame;
}
