import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Inventory } from '../../../core/index.js';
import { readText, type SystemPaths } from './system-paths.js';

/**
 * DMI identity (IPA get_system_details, which asks dmidecode/lshw): the kernel exports the same strings under
 * /sys/class/dmi/id. Serial numbers are root-only there, which the agent is.
 */
export async function readSystemVendor(paths: SystemPaths): Promise<Inventory['system_vendor']> {
  const dmi = join(paths.sys, 'class', 'dmi', 'id');
  const get = async (name: string) => (await readText(dmi, name)) ?? '';
  return {
    product_name: await get('product_name'),
    serial_number: await get('product_serial'),
    manufacturer: await get('sys_vendor'),
    firmware: {
      vendor: await get('bios_vendor'),
      version: await get('bios_version'),
      build_date: await get('bios_date'),
    },
  };
}

/** `uefi` when the kernel booted through EFI (it then exposes /sys/firmware/efi), else `bios` (IPA get_boot_info). */
export async function readBootMode(paths: SystemPaths): Promise<'uefi' | 'bios'> {
  try {
    return (await stat(join(paths.sys, 'firmware', 'efi'))).isDirectory() ? 'uefi' : 'bios';
  } catch {
    return 'bios';
  }
}
