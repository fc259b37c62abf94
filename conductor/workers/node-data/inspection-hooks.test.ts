import { describe, expect, it } from 'vitest';
import { portsFromInventory, propertiesFromInventory } from './inspection-hooks.js';

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
