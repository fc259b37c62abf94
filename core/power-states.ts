/** Ironic's power state strings (ironic/common/states.py). */
export const PowerState = {
  On: 'power on',
  Off: 'power off',
  Error: 'error',
} as const;
export type PowerState = (typeof PowerState)[keyof typeof PowerState];

/** Power targets the API accepts in `PUT /v1/nodes/{id}/states/power`. */
export const PowerTarget = {
  On: 'power on',
  Off: 'power off',
  Rebooting: 'rebooting',
  SoftOff: 'soft power off',
  SoftRebooting: 'soft rebooting',
} as const;
export type PowerTarget = (typeof PowerTarget)[keyof typeof PowerTarget];

/** Minimum microversion per power target (soft targets came with 1.27). */
export const POWER_TARGET_MIN_VERSION: Readonly<Record<PowerTarget, number>> = {
  'power on': 1, 'power off': 1, rebooting: 1, 'soft power off': 27, 'soft rebooting': 27,
};

/** True when `value` is a power target the API accepts. */
export function isPowerTarget(value: unknown): value is PowerTarget {
  return typeof value === 'string' && Object.values(PowerTarget).includes(value as PowerTarget);
}

/** The stable power state a target ends in. */
export function finalPowerState(target: PowerTarget): PowerState {
  return target === PowerTarget.Off || target === PowerTarget.SoftOff ? PowerState.Off : PowerState.On;
}

/** Boot devices (ironic/common/boot_devices.py). */
export const BootDevice = {
  Pxe: 'pxe', Disk: 'disk', Cdrom: 'cdrom', Bios: 'bios', Safe: 'safe', Wanboot: 'wanboot', Uefi: 'uefi',
  Floppy: 'floppy', Usb: 'usb',
} as const;
export type BootDevice = (typeof BootDevice)[keyof typeof BootDevice];

/** True when `value` is a boot device name Ironic knows. */
export function isBootDevice(value: unknown): value is BootDevice {
  return typeof value === 'string' && Object.values(BootDevice).includes(value as BootDevice);
}

/** Boot modes (ironic/common/boot_modes.py). */
export type BootMode = 'uefi' | 'bios';
