import { readdir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { NetworkInterfaceInfo } from 'node:os';
import type { InventoryInterface } from '../../../core/index.js';
import type { LldpByDevice } from './lldp/collect-lldp.js';
import { readText, type SystemPaths } from './system-paths.js';

/** Addresses by interface name, as os.networkInterfaces() returns them (passed in: tests fake it). */
export type InterfaceAddresses = Readonly<Record<string, readonly NetworkInterfaceInfo[] | undefined>>;

const ZERO_MAC = '00:00:00:00:00:00';

/**
 * The NICs (IPA list_network_interfaces): physical interfaces from /sys/class/net, i.e. those with a `device`
 * link; loopback, bridges, veths and tunnels have none. When a machine has no physical NIC at all (a
 * container running the agent in file-disk mode) every interface with a real MAC is listed instead, so lookup
 * still has addresses to send. `lldp` holds what the LLDP collection heard (lldp/collect-lldp.ts); without it,
 * or for a NIC it has nothing on, the NIC's `lldp` is null (IPA without ipa-collect-lldp).
 */
export async function readNetworkInterfaces(
  paths: SystemPaths,
  addresses: InterfaceAddresses,
  lldp?: LldpByDevice,
): Promise<InventoryInterface[]> {
  const root = join(paths.sys, 'class', 'net');
  let names: string[];
  try {
    names = (await readdir(root)).sort();
  } catch {
    return [];
  }
  const all: { nic: InventoryInterface; physical: boolean }[] = [];
  for (const name of names) {
    const mac = (await readText(root, name, 'address'))?.toLowerCase();
    if (mac === undefined || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac) || mac === ZERO_MAC) continue;
    const device = await linkTarget(join(root, name, 'device'));
    const nic = await describe(root, name, mac, device, addresses[name] ?? []);
    all.push({ nic: { ...nic, lldp: lldp?.get(name) ?? null }, physical: device !== undefined });
  }
  const physical = all.filter((a) => a.physical);
  return (physical.length > 0 ? physical : all).map((a) => a.nic);
}

async function describe(
  root: string,
  name: string,
  mac: string,
  device: string | undefined,
  addrs: readonly NetworkInterfaceInfo[],
): Promise<InventoryInterface> {
  const speed = Number(await readText(root, name, 'speed'));
  const driver = device === undefined ? undefined : await linkTarget(join(root, name, 'device', 'driver'));
  return {
    name,
    mac_address: mac,
    ipv4_address: addrs.find((a) => a.family === 'IPv4')?.address ?? null,
    ipv6_address:
      addrs.find((a) => a.family === 'IPv6' && !a.address.startsWith('fe80'))?.address ??
      addrs.find((a) => a.family === 'IPv6')?.address ??
      null,
    has_carrier: (await readText(root, name, 'carrier')) === '1',
    lldp: null,
    vendor: device === undefined ? null : ((await readText(root, name, 'device', 'vendor')) ?? null),
    product: device === undefined ? null : ((await readText(root, name, 'device', 'device')) ?? null),
    client_id: null,
    biosdevname: null,
    speed_mbps: Number.isInteger(speed) && speed > 0 ? speed : null,
    pci_address: device !== undefined && /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(device) ? device : null,
    driver: driver ?? null,
  };
}

/** The last path component a symlink points to (`../../../0000:00:03.0` -> `0000:00:03.0`). */
async function linkTarget(path: string): Promise<string | undefined> {
  try {
    return basename(await readlink(path));
  } catch {
    return undefined;
  }
}
