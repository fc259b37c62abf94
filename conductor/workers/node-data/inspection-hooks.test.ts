import { describe, expect, it } from 'vitest';
import { linksFromInventory, parsedLldpFromInventory, portsFromInventory, propertiesFromInventory } from './inspection-hooks.js';

const GIB = 1024 ** 3;

describe('propertiesFromInventory', () => {
  it('derives cpus, memory_mb, cpu_arch, local_gb (smallest disk of 4 GiB or more, minus 1) and the boot_mode capability', () => {
    const inventory = {
      cpu: { count: 16, architecture: 'aarch64' },
      memory: { total: 34359738368, physical_mb: 32768 },
      disks: [{ name: '/dev/sdb', size: 2 * GIB }, { name: '/dev/sda', size: 480 * GIB }, { name: '/dev/nvme0n1', size: 960 * GIB }],
      boot: { current_boot_mode: 'bios' },
    };
    expect(propertiesFromInventory(inventory, 'boot_mode:uefi,cpu_vt:true')).toEqual({
      cpus: 16, cpu_arch: 'aarch64', memory_mb: 32768, local_gb: 479, capabilities: 'boot_mode:bios,cpu_vt:true',
    });
  });

  it('falls back to memory.total, accepts numeric strings and skips what the inventory lacks', () => {
    expect(propertiesFromInventory({ cpu: { count: '4' }, memory: { total: 8 * GIB }, disks: [] }, undefined)).toEqual({ cpus: 4, memory_mb: 8192 });
    expect(propertiesFromInventory({ cpu: 'broken', boot: { current_boot_mode: 'weird' } }, undefined)).toEqual({});
  });
});

describe('portsFromInventory', () => {
  const interfaces = [{ mac_address: '52:54:00:AA:BB:01' }, { mac_address: '52-54-00-aa-bb-02' }, { mac_address: 'nope' }];

  it('creates only the PXE NIC when the inventory names it (add_ports = pxe)', () => {
    expect(portsFromInventory({ interfaces, boot: { pxe_interface: '52:54:00:aa:bb:02' } })).toEqual([{ address: '52:54:00:aa:bb:02', pxe_enabled: true }]);
  });

  it('creates every NIC with a valid MAC, once, when the PXE NIC is unknown', () => {
    expect(portsFromInventory({ interfaces: [...interfaces, { mac_address: '52:54:00:aa:bb:01' }] }).map((p) => p.address)).toEqual([
      '52:54:00:aa:bb:01', '52:54:00:aa:bb:02',
    ]);
  });
});

describe('LLDP hooks over the inventory', () => {
  const lldp = [[1, '04001b21a0b1c2'], [2, '0573777037'], [3, '0078']];

  it('reads at most 64 interfaces, skips nameless ones, and falls back to interfaces[].lldp when lldp_raw has nothing', () => {
    const interfaces = Array.from({ length: 70 }, (_, i) => ({ name: `eth${i}`, mac_address: `52:54:00:00:00:${i.toString(16).padStart(2, '0')}`, lldp }));
    const { parsed } = parsedLldpFromInventory({ interfaces: [{ mac_address: '52:54:00:ff:ff:ff', lldp }, ...interfaces] }, { lldp_raw: { eth0: [] } });
    expect(Object.keys(parsed)).toHaveLength(63);
    expect(parsed['eth0']).toEqual({ switch_chassis_id: '00:1b:21:a0:b1:c2', switch_port_id: 'swp7' });
  });

  it('gives each NIC with a valid MAC its link fields, or the reason there are none', () => {
    const links = linksFromInventory({ interfaces: [
      { name: 'eno1', mac_address: '52:54:00:AA:BB:01', lldp },
      { name: 'eno2', mac_address: 'nope', lldp },
      { name: 'eno3', mac_address: '52:54:00:aa:bb:03', lldp: [[2, '05']] },
      { name: 'eno4', mac_address: '52:54:00:aa:bb:04', lldp: null },
    ] }, {});
    expect(links).toEqual([
      { address: '52:54:00:aa:bb:01', name: 'eno1', fields: { switch_id: '00:1b:21:a0:b1:c2', port_id: 'swp7' } },
      { address: '52:54:00:aa:bb:03', name: 'eno3', problem: 'TLV type 2: port ID subtype 5 has no value' },
    ]);
  });
});
