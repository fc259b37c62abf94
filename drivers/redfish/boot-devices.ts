import { BootDevice, type BootMode, type JsonObject } from '../../core/index.js';
import { propertyAllowableValues } from './allowable-values.js';
import { objectAt, stringAt } from './json-fields.js';
import type { VendorQuirks } from './vendor-quirks.js';

/** Redfish BootSourceOverrideTarget -> Ironic boot device (ironic redfish management BOOT_DEVICE_MAP). */
const TARGET_TO_DEVICE: Readonly<Record<string, BootDevice>> = {
  Pxe: BootDevice.Pxe, Hdd: BootDevice.Disk, Cd: BootDevice.Cdrom, UsbCd: BootDevice.Cdrom, BiosSetup: BootDevice.Bios,
};

/** Ironic boot device -> Redfish target (the virtual CD target comes from the quirks table). */
const DEVICE_TO_TARGET: Readonly<Partial<Record<BootDevice, string>>> = {
  [BootDevice.Pxe]: 'Pxe', [BootDevice.Disk]: 'Hdd', [BootDevice.Cdrom]: 'Cd', [BootDevice.Bios]: 'BiosSetup',
};

/** Ironic boot mode <-> BootSourceOverrideMode (ironic redfish management BOOT_MODE_MAP). */
const MODES: Readonly<Record<string, BootMode>> = { UEFI: 'uefi', Legacy: 'bios' };

/** The boot device and persistence a System's Boot object reports, null where it does not say. */
export function parseBootDevice(system: JsonObject): { boot_device: BootDevice | null; persistent: boolean | null } {
  const boot = objectAt(system, 'Boot');
  const target = stringAt(boot, 'BootSourceOverrideTarget');
  const enabled = stringAt(boot, 'BootSourceOverrideEnabled');
  return {
    boot_device: (target !== undefined ? TARGET_TO_DEVICE[target] : undefined) ?? null,
    persistent: enabled === 'Continuous' ? true : enabled === 'Once' ? false : null,
  };
}

/** The boot mode a System reports, or null (HPE Gen9 has no BootSourceOverrideMode). */
export function parseBootMode(system: JsonObject): BootMode | null {
  const mode = stringAt(objectAt(system, 'Boot'), 'BootSourceOverrideMode');
  return (mode !== undefined ? MODES[mode] : undefined) ?? null;
}

/** The Redfish mode for an Ironic boot mode. */
export function redfishBootMode(mode: BootMode): 'UEFI' | 'Legacy' {
  return mode === 'uefi' ? 'UEFI' : 'Legacy';
}

/** Boot devices the System allows; every mapped device when it lists none (sushy assumes all are allowed). */
export function parseSupportedBootDevices(system: JsonObject): BootDevice[] {
  const allowed = propertyAllowableValues(objectAt(system, 'Boot'), 'BootSourceOverrideTarget');
  const targets = allowed ?? Object.keys(TARGET_TO_DEVICE);
  const devices = targets.map((t) => TARGET_TO_DEVICE[t]).filter((d): d is BootDevice => d !== undefined);
  return [...new Set(devices)];
}

/** The Redfish target for `device`, or undefined when Redfish has none; cdrom follows the vendor quirks. */
export function bootTargetFor(device: BootDevice, system: JsonObject, quirks: VendorQuirks): string | undefined {
  if (device !== BootDevice.Cdrom) return DEVICE_TO_TARGET[device];
  const allowed = propertyAllowableValues(objectAt(system, 'Boot'), 'BootSourceOverrideTarget');
  return quirks.virtualCdTarget === 'UsbCd' && allowed?.includes('UsbCd') ? 'UsbCd' : 'Cd';
}
