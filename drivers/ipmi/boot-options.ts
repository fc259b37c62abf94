import type { BootDevice } from '../../core/index.js';
import { malformed } from './ipmi-error.js';
import { NetFn, type IpmiRequest } from './ipmi-message.js';

/** Boot option parameters we touch (IPMI 2.0 §28.13 Table 28-14). */
export const BootParameter = { SetInProgress: 0, BootFlagValidBitClearing: 3, BootFlags: 5 } as const;

/** Set In Progress values (parameter 0). */
export const SetInProgress = { Complete: 0, InProgress: 1, CommitWrite: 2 } as const;
export type SetInProgress = (typeof SetInProgress)[keyof typeof SetInProgress];

/** Boot device selector, bits 5:2 of boot flags data 2, by Ironic's boot device names (Table 28-14). */
const DEVICE_SELECTORS: ReadonlyMap<BootDevice, number> = new Map<BootDevice, number>([
  ['pxe', 0x1],
  ['disk', 0x2],
  ['safe', 0x3],
  ['cdrom', 0x5],
  ['bios', 0x6],
]);

/** The boot devices a boot flags parameter can select. */
export const IPMI_BOOT_DEVICES: readonly BootDevice[] = [...DEVICE_SELECTORS.keys()];

/** Boot flags (parameter 5) as we read and write them. */
export interface BootFlags {
  /** null: no override, the firmware's own order. */
  device: BootDevice | null;
  /** Applies to all future boots, not only the next one. */
  persistent: boolean;
  /** Boot type EFI rather than legacy "PC compatible". */
  efi: boolean;
  /** Data 1 bit 7: the BMC considers the flags valid (it clears it after a boot or a 60 s timeout). */
  valid: boolean;
}

function setRequest(parameter: number, data: number[]): IpmiRequest {
  return { netFn: NetFn.Chassis, command: 0x08, data: Uint8Array.from([parameter & 0x7f, ...data]) };
}

/** Set System Boot Options, parameter 5 (§28.12). An unknown device is the caller's bug: it throws RangeError. */
export function setBootFlagsRequest(flags: Omit<BootFlags, 'valid'>): IpmiRequest {
  const selector = flags.device === null ? 0 : DEVICE_SELECTORS.get(flags.device);
  if (selector === undefined) throw new RangeError(`boot device ${String(flags.device)} has no IPMI selector`);
  const data1 = 0x80 | (flags.persistent ? 0x40 : 0) | (flags.efi ? 0x20 : 0);
  return setRequest(BootParameter.BootFlags, [data1, selector << 2, 0x00, 0x00, 0x00]);
}

/** Set In Progress (parameter 0): brackets a group of writes on BMCs that implement it. */
export function setInProgressRequest(state: SetInProgress): IpmiRequest {
  return setRequest(BootParameter.SetInProgress, [state]);
}

/**
 * BMC boot flag valid bit clearing (parameter 3) with bit 3 set: do not clear the flags when the 60-second
 * timeout expires (Ironic's ipmi_disable_boot_timeout, raw 0x00 0x08 0x03 0x08).
 */
export function disableBootTimeoutRequest(): IpmiRequest {
  return setRequest(BootParameter.BootFlagValidBitClearing, [0x08]);
}

/** Get System Boot Options, parameter 5, set and block selector 0 (§28.13). */
export function getBootFlagsRequest(): IpmiRequest {
  return { netFn: NetFn.Chassis, command: 0x09, data: Uint8Array.of(BootParameter.BootFlags, 0, 0) };
}

/** Parses the Get System Boot Options response data for parameter 5: version, parameter, then 5 data bytes. */
export function parseBootFlags(data: Buffer): BootFlags {
  if (data.length < 4) throw malformed(`Get System Boot Options response of ${data.length} bytes is truncated`);
  if (((data[1] ?? 0) & 0x7f) !== BootParameter.BootFlags)
    throw malformed(`Get System Boot Options answered parameter ${(data[1] ?? 0) & 0x7f}, not 5`);
  const data1 = data[2] ?? 0;
  const selector = ((data[3] ?? 0) >> 2) & 0x0f;
  const device = [...DEVICE_SELECTORS.entries()].find(([, value]) => value === selector)?.[0] ?? null;
  return { device, persistent: (data1 & 0x40) !== 0, efi: (data1 & 0x20) !== 0, valid: (data1 & 0x80) !== 0 };
}
