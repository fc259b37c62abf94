import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { collectInventory, type InventorySources } from './collect-inventory.js';
import { anInventoryDisk } from '../../../test/support/an-inventory-disk.js';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function put(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A fake /proc, /sys and /dev of a two-CPU UEFI machine with one PCI NIC, a veth and loopback. */
function fakeMachine(): InventorySources['paths'] {
  root = mkdtempSync(join(tmpdir(), 'ferro-inventory-'));
  const proc = join(root, 'proc'),
    sys = join(root, 'sys'),
    dev = join(root, 'dev');
  const cpu = (n: number) =>
    `processor\t: ${n}\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6338\ncpu MHz\t\t: 2000.123\nphysical id\t: 0\nflags\t\t: fpu vme sse2 vmx\n`;
  put(join(proc, 'cpuinfo'), `${cpu(0)}\n${cpu(1)}\n`);
  put(join(proc, 'meminfo'), 'MemTotal:        8039800 kB\nMemFree:         1000 kB\n');
  put(join(sys, 'devices/system/memory/block_size_bytes'), '8000000\n');
  for (let i = 0; i < 64; i++) put(join(sys, `devices/system/memory/memory${i}/online`), i === 63 ? '0\n' : '1\n');
  for (const [k, v] of Object.entries({
    product_name: 'R650',
    product_serial: 'SN123',
    sys_vendor: 'Dell Inc.',
    bios_vendor: 'Dell',
    bios_version: '1.2.3',
    bios_date: '01/02/2026',
  }))
    put(join(sys, 'class/dmi/id', k), `${v}\n`);
  mkdirSync(join(sys, 'firmware/efi'), { recursive: true });
  const pci = join(sys, 'devices/pci0000:00/0000:00:03.0');
  put(join(pci, 'vendor'), '0x8086\n');
  put(join(pci, 'device'), '0x10d3\n');
  mkdirSync(join(sys, 'bus/pci/drivers/e1000e'), { recursive: true });
  symlinkSync('../../../bus/pci/drivers/e1000e', join(pci, 'driver'));
  const nic = (name: string, mac: string, extra: Record<string, string>) => {
    put(join(sys, 'class/net', name, 'address'), `${mac}\n`);
    for (const [k, v] of Object.entries(extra)) put(join(sys, 'class/net', name, k), v);
  };
  nic('eth0', '52:54:00:AA:BB:01', { carrier: '1\n', speed: '1000\n' });
  symlinkSync('../../../devices/pci0000:00/0000:00:03.0', join(sys, 'class/net/eth0/device'));
  nic('veth0', '52:54:00:aa:bb:02', { carrier: '0\n', speed: '-1\n' });
  nic('lo', '00:00:00:00:00:00', {});
  mkdirSync(dev, { recursive: true });
  return { proc, sys, dev };
}

const sources = (paths: InventorySources['paths'], over: Partial<InventorySources> = {}): InventorySources => ({
  paths,
  listDisks: async () => [anInventoryDisk({ name: '/tmp/disk0.img', model: 'file' })],
  run: async () => {
    throw new Error('ipmitool must not run without /dev/ipmi0');
  },
  networkInterfaces: () => ({
    eth0: [
      { address: '10.0.0.5', family: 'IPv4', netmask: '255.255.255.0', mac: '', internal: false, cidr: null },
      { address: 'fe80::1', family: 'IPv6', netmask: '', mac: '', internal: false, cidr: null, scopeid: 2 },
    ],
  }),
  hostname: () => 'ramdisk',
  nodeArch: 'x64',
  bootif: '52:54:00:aa:bb:01',
  log: silentLogger,
  ...over,
});

describe('collectInventory', () => {
  it("assembles Ironic's inventory from /proc and /sys", async () => {
    const inventory = await collectInventory(sources(fakeMachine()));
    expect(inventory.cpu).toEqual({
      model_name: 'Intel(R) Xeon(R) Gold 6338',
      frequency: '2000',
      count: 2,
      architecture: 'x86_64',
      flags: ['fpu', 'vme', 'sse2', 'vmx'],
      socket_count: 1,
    });
    expect(inventory.memory).toEqual({ total: 8039800 * 1024, physical_mb: 63 * 128 });
    expect(inventory.system_vendor).toEqual({
      product_name: 'R650',
      serial_number: 'SN123',
      manufacturer: 'Dell Inc.',
      firmware: { vendor: 'Dell', version: '1.2.3', build_date: '01/02/2026' },
    });
    expect(inventory.boot).toEqual({ current_boot_mode: 'uefi', pxe_interface: '52:54:00:aa:bb:01' });
    expect(inventory.interfaces).toEqual([
      {
        name: 'eth0',
        mac_address: '52:54:00:aa:bb:01',
        ipv4_address: '10.0.0.5',
        ipv6_address: 'fe80::1',
        has_carrier: true,
        lldp: null,
        vendor: '0x8086',
        product: '0x10d3',
        client_id: null,
        biosdevname: null,
        speed_mbps: 1000,
        pci_address: '0000:00:03.0',
        driver: 'e1000e',
      },
    ]);
    expect(inventory.bmc_address).toBeNull();
    expect(inventory.disks.map((d) => d.name)).toEqual(['/tmp/disk0.img']);
    expect(inventory.hostname).toBe('ramdisk');
  });

  it('lists every interface with a MAC when none is physical (containers), and reads the BMC over ipmitool when /dev/ipmi0 exists', async () => {
    const paths = fakeMachine();
    rmSync(join(paths.sys, 'class/net/eth0/device'));
    rmSync(join(paths.sys, 'firmware'), { recursive: true });
    writeFileSync(join(paths.dev, 'ipmi0'), '');
    const calls: string[] = [];
    const inventory = await collectInventory(
      sources(paths, {
        run: async (program, args) => {
          calls.push([program, ...args].join(' '));
          return {
            stdout:
              'IP Address Source       : Static Address\nIP Address              : 192.0.2.10\nMAC Address             : AA:BB:CC:00:11:22\n',
            stderr: '',
            exitCode: 0,
          };
        },
      }),
    );
    expect(inventory.interfaces.map((i) => [i.name, i.pci_address, i.speed_mbps])).toEqual([
      ['eth0', null, 1000],
      ['veth0', null, null],
    ]);
    expect(calls).toEqual(['ipmitool lan print']);
    expect(inventory.bmc_address).toBe('192.0.2.10');
    expect(inventory.bmc_mac).toBe('aa:bb:cc:00:11:22');
    expect(inventory.boot.current_boot_mode).toBe('bios');
  });

  it("puts the LLDP collection's TLVs on each NIC, and null where it has none", async () => {
    const paths = fakeMachine();
    rmSync(join(paths.sys, 'class/net/eth0/device'));
    const tlvs: Array<[number, string]> = [[1, '04001b21a0b1c2'], [2, '0573777037'], [3, '0078'], [0, '']];
    const inventory = await collectInventory(sources(paths, { lldp: async () => new Map([['eth0', tlvs]]) }));
    expect(inventory.interfaces.map((i) => [i.name, i.lldp])).toEqual([['eth0', tlvs], ['veth0', null]]);
  });

  it('survives an empty machine: no cpuinfo, no DMI, no NICs', async () => {
    root = mkdtempSync(join(tmpdir(), 'ferro-inventory-'));
    const inventory = await collectInventory(
      sources({ proc: join(root, 'p'), sys: join(root, 's'), dev: join(root, 'd') }, { nodeArch: 'arm64' }),
    );
    expect(inventory.cpu).toMatchObject({ count: 0, architecture: 'aarch64', model_name: '' });
    expect(inventory.memory).toEqual({ total: 0, physical_mb: 0 });
    expect(inventory.interfaces).toEqual([]);
  });
});
