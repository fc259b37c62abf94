import { describe, expect, it } from 'vitest';
import { lldpLinkFields, lldpTlvsOf, type LldpTlv } from './lldp-tlvs.js';
import { parseLldp } from './parse-lldp.js';

const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');
const CHASSIS_MAC: LldpTlv = [1, '04' + '001b21a0b1c2'];
const PORT_IFNAME: LldpTlv = [2, '05' + hex('Ethernet1/7')];
const TTL: LldpTlv = [3, '0078'];

describe('parseLldp (Ironic parse_lldp)', () => {
  it('names the basic management TLVs as Ironic does', () => {
    const { fields, skipped } = parseLldp([
      CHASSIS_MAC,
      PORT_IFNAME,
      TTL,
      [4, hex('to rack 12 server 3')],
      [5, hex('leaf-12a')],
      [6, hex('Debian GNU/Linux 12')],
      [7, '00140004'], // supports bridge + router, bridge enabled
      [8, '05' + '01' + 'c0000209' + '020000000100'], // IPv4 192.0.2.9, ifIndex numbering, no OID
      [8, '11' + '02' + '20010db8000000000000000000000042' + '0200000000' + '00'], // IPv6
      [8, '07' + '06' + '02aabbccddee' + '0100000000' + '00'], // MAC
      [0, ''],
    ]);
    expect(skipped).toEqual([]);
    expect(fields).toEqual({
      switch_chassis_id: '00:1b:21:a0:b1:c2',
      switch_port_id: 'Ethernet1/7',
      switch_port_description: 'to rack 12 server 3',
      switch_system_name: 'leaf-12a',
      switch_system_description: 'Debian GNU/Linux 12',
      switch_capabilities_support: ['Bridge', 'Router'],
      switch_capabilities_enabled: ['Bridge'],
      switch_mgmt_addresses: ['192.0.2.9', '2001:db8::42', '02:aa:bb:cc:dd:ee'],
    });
  });

  it('decodes every Chassis ID and Port ID subtype Ironic maps', () => {
    const chassis = (subtype: string, value: string) => parseLldp([[1, subtype + value]]).fields['switch_chassis_id'];
    expect(chassis('01', hex('chassis-1'))).toBe('chassis-1');
    expect(chassis('02', hex('uplink'))).toBe('uplink');
    expect(chassis('03', hex('slot 2'))).toBe('slot 2');
    expect(chassis('04', 'AABBCCDDEEFF')).toBe('aa:bb:cc:dd:ee:ff');
    expect(chassis('05', '01' + '0a000001')).toBe('10.0.0.1');
    expect(chassis('06', hex('eth0'))).toBe('eth0');
    expect(chassis('07', hex('local-7'))).toBe('local-7');
    const port = (subtype: string, value: string) => parseLldp([[2, subtype + value]]).fields['switch_port_id'];
    expect(port('01', hex('alias'))).toBe('alias');
    expect(port('02', hex('component'))).toBe('component');
    expect(port('03', '525400123456')).toBe('52:54:00:12:34:56');
    expect(port('04', '02' + 'fe800000000000000000000000000001')).toBe('fe80::1');
    expect(port('05', hex('swp7'))).toBe('swp7');
    expect(port('07', hex('734'))).toBe('734');
  });

  it('reads the 802.1 and 802.3 organizationally specific TLVs', () => {
    const { fields, skipped } = parseLldp([
      [127, '0080c2' + '01' + '0064'], // port VLAN 100
      [127, '0080c2' + '02' + '06' + '000a'], // protocol VLAN 10, supported + enabled
      [127, '0080c2' + '02' + '02' + '0014'], // protocol VLAN 20, supported only (first flags win)
      [127, '0080c2' + '03' + '0064' + '07' + hex('servers')],
      [127, '0080c2' + '03' + '00c8' + '06' + hex('backup') ],
      [127, '0080c2' + '04' + '03' + '888e01'], // protocol identity
      [127, '0080c2' + '06' + '0fa0'], // management VID 4000
      [127, '0080c2' + '07' + '03' + '00000011'], // LAG supported + enabled, port 17
      [127, '00120f' + '01' + '03' + '6c01' + '001e'], // autoneg, capabilities, 1000BASE-T full duplex
      [127, '00120f' + '04' + '2328'], // MTU 9000
    ]);
    expect(skipped).toEqual([]);
    expect(fields).toEqual({
      switch_port_untagged_vlan_id: 100,
      switch_port_protocol_vlan_enabled: true,
      switch_port_protocol_vlan_support: true,
      switch_port_protocol_vlan_ids: [10, 20],
      switch_port_vlans: [{ name: 'servers', id: 100 }, { name: 'backup', id: 200 }],
      switch_protocol_identities: ['888e01'],
      switch_port_management_vlan_id: 4000,
      switch_port_link_aggregation_enabled: true,
      switch_port_link_aggregation_support: true,
      switch_port_link_aggregation_id: 17,
      switch_port_autonegotiation_enabled: true,
      switch_port_autonegotiation_support: true,
      switch_port_physical_capabilities: ['1000BASE-T fdx', '100BASE-TX fdx', '100BASE-TX hdx', '10BASE-T fdx', '10BASE-T hdx'],
      switch_port_mau_type: '1000BASE-T full duplex',
      switch_port_mtu: 9000,
    });
  });

  it('skips, with a reason, TLVs that do not decode, and keeps the rest', () => {
    const { fields, skipped } = parseLldp([
      [1, '04aabbcc'], // MAC of 3 bytes
      [2, '06' + '0102'], // agent circuit ID: Ironic does not map it
      [5, 'zz'], // not hex
      [6, 'c328'], // invalid UTF-8
      [7, '0014'], // capabilities must be 4 bytes
      [8, '05'], // management address cut short
      [8, '05' + '09' + '0a000001'], // address family 9
      [127, '0080c2'], // no subtype
      [127, '00000c' + '01' + '00'], // Cisco OUI
      [127, '00120f' + '01' + '03' + '6c01' + '00ff'], // MAU type 255
      [127, '0080c2' + '03' + '0064' + '09' + hex('abc')], // VLAN name longer than the TLV
      [42, '00'],
      [5, hex('kept')],
    ]);
    expect(fields).toEqual({ switch_system_name: 'kept' });
    expect(skipped).toHaveLength(12);
    expect(skipped[0]).toBe('TLV type 1: a MAC address has 6 bytes, not 3');
    expect(skipped[1]).toBe('TLV type 2: port ID subtype 6 is not supported');
    expect(skipped[2]).toBe('TLV type 5: value is not hexadecimal');
    expect(skipped).toContain('TLV type 127: organizationally unique ID 00000c not recognized');
    expect(skipped).toContain('TLV type 42: type not handled');
  });
});

describe('lldpLinkFields (Ironic local_link_connection)', () => {
  it('takes switch_id from a MAC Chassis ID, port_id from the Port ID and switch_info from the System Name', () => {
    expect(lldpLinkFields([CHASSIS_MAC, PORT_IFNAME, TTL, [5, hex('leaf-12a')], [0, '']])).toEqual({
      fields: { switch_id: '00:1b:21:a0:b1:c2', port_id: 'Ethernet1/7', switch_info: 'leaf-12a' },
    });
  });

  it('leaves switch_id out when the Chassis ID is not a MAC', () => {
    expect(lldpLinkFields([[1, '07' + hex('chassis')], PORT_IFNAME])).toEqual({ fields: { port_id: 'Ethernet1/7' } });
  });

  it('gives up on the port, as Ironic does, when one of those three TLVs does not decode', () => {
    expect(lldpLinkFields([CHASSIS_MAC, [2, '06' + '01'], [5, hex('leaf')]])).toEqual({
      problem: 'TLV type 2: port ID subtype 6 is not supported',
    });
    expect(lldpLinkFields([CHASSIS_MAC, [2, '']])).toEqual({ problem: 'TLV type 2: port ID is empty' });
  });
});

describe('lldpTlvsOf', () => {
  it('keeps [type, hex] pairs from untrusted JSON and drops anything else', () => {
    expect(lldpTlvsOf(null)).toBeUndefined();
    expect(lldpTlvsOf('01')).toBeUndefined();
    expect(lldpTlvsOf([[1, 'aa'], [128, 'aa'], [-1, ''], ['1', 'aa'], [2], [3, 5], [0, '']])).toEqual([[1, 'aa'], [0, '']]);
  });
});
