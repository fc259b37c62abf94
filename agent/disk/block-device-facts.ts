import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { DiskDeps } from './disk-deps.js';

// What lsblk leaves out or cannot see in a ramdisk without udevd: IPA reads the vendor from sysfs, the HCTL
// from /sys/block/X/device/scsi_device, the WWN extensions and (when lsblk has none) the serial from udev's
// database, and by_path from the /dev/disk/by-path links (hardware.py list_all_block_devices).

/** Facts about one whole device from sysfs, udev's database and /dev/disk/by-path. */
export interface DeviceFacts {
  vendor: string | null;
  serial: string | null;
  wwn: string | null;
  wwnWithExtension: string | null;
  wwnVendorExtension: string | null;
  hctl: string | null;
  byPath: string | null;
  readOnly: boolean;
}

/** Reads the facts of device `kname` (e.g. `vda`), whose `maj:min` lsblk reported. */
export async function readDeviceFacts(
  kname: string,
  majMin: string | null,
  byPaths: ReadonlyMap<string, string>,
  deps: DiskDeps,
): Promise<DeviceFacts> {
  const block = join(deps.sysfsRoot, 'block', kname);
  const udev =
    majMin === null ? new Map<string, string>() : await readUdevProperties(join(deps.udevDataRoot, `b${majMin}`));
  const serial =
    udev.get('ID_SERIAL_SHORT') ??
    udev.get('ID_SERIAL') ??
    (await readSysfsText(join(block, 'serial'))) ?? // virtio-blk: QEMU's serial=, which lsblk misses without udev
    (await readSysfsText(join(block, 'device', 'serial'))); // NVMe controllers
  return {
    vendor: await readSysfsText(join(deps.sysfsRoot, 'class', 'block', kname, 'device', 'vendor')),
    serial,
    wwn: udev.get('ID_WWN') ?? null,
    wwnWithExtension: udev.get('ID_WWN_WITH_EXTENSION') ?? null,
    wwnVendorExtension: udev.get('ID_WWN_VENDOR_EXTENSION') ?? null,
    hctl: await firstEntry(join(block, 'device', 'scsi_device')),
    byPath: byPaths.get(join(deps.devRoot, kname)) ?? (await computeByPath(kname, deps)),
    readOnly: (await readSysfsText(join(block, 'ro'))) === '1',
  };
}

/** `/dev/disk/by-path/<link>` for every device udev linked there (empty without udevd, as in IPA's warning). */
export async function readByPathLinks(deps: DiskDeps): Promise<Map<string, string>> {
  const dir = join(deps.devRoot, 'disk', 'by-path');
  const links = new Map<string, string>();
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return links;
  }
  for (const entry of entries) {
    try {
      links.set(resolve(dir, await readlink(join(dir, entry))), join(dir, entry));
    } catch {
      // not a symlink: udev never puts one there; ignore it
    }
  }
  return links;
}

const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

/**
 * What udev's path_id would name the device, for the buses whose rule is simple, when udevd is absent:
 * virtio-blk `pci-<addr>` (path_id skips the virtio hop) and NVMe `pci-<addr>-nvme-<nsid>`. Other buses
 * (SATA port numbers, SAS PHYs) need more than sysfs gives reliably, so they stay null as in IPA.
 */
export async function computeByPath(kname: string, deps: DiskDeps): Promise<string | null> {
  let devicePath: string;
  try {
    devicePath = await realpath(join(deps.sysfsRoot, 'block', kname));
  } catch {
    return null;
  }
  const parts = devicePath.split('/');
  const pciIndex = parts.findLastIndex((p) => PCI_ADDRESS.test(p));
  const pci = parts[pciIndex];
  if (pci === undefined) return null;
  const after = parts.slice(pciIndex + 1);
  const nvme = /^nvme\d+n(\d+)$/.exec(kname);
  if (nvme !== null && after.some((p) => /^nvme\d+$/.test(p)))
    return join(deps.devRoot, 'disk', 'by-path', `pci-${pci}-nvme-${nvme[1] ?? ''}`);
  if (/^vd[a-z]+$/.test(kname) && after.some((p) => /^virtio\d+$/.test(p)))
    return join(deps.devRoot, 'disk', 'by-path', `pci-${pci}`);
  return null;
}

/** `E:KEY=value` lines of a udev database file (what pyudev reads for IPA). */
async function readUdevProperties(path: string): Promise<Map<string, string>> {
  const properties = new Map<string, string>();
  const content = await readFile(path, 'utf8').catch(() => '');
  for (const line of content.split('\n')) {
    const match = /^E:([^=]+)=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined && match[2].trim() !== '')
      properties.set(match[1], match[2].trim());
  }
  return properties;
}

/** A sysfs attribute, trimmed; null when absent or empty. */
export async function readSysfsText(path: string): Promise<string | null> {
  try {
    const value = (await readFile(path, 'utf8')).trim();
    return value === '' ? null : value;
  } catch {
    return null;
  }
}

async function firstEntry(dir: string): Promise<string | null> {
  try {
    const [first] = (await readdir(dir)).sort();
    return first === undefined ? null : basename(first);
  } catch {
    return null;
  }
}
