import type { Implementations } from '../interfaces/index.js';
import { prebuiltIsoSource, type BootIsoSource } from './boot-iso-source.js';
import { RedfishBios } from './redfish-bios.js';
import { RedfishClientPool } from './redfish-client-pool.js';
import { RedfishFirmware } from './redfish-firmware.js';
import { RedfishInspect } from './redfish-inspect.js';
import { RedfishManagement } from './redfish-management.js';
import { resolveRedfishOptions, type RedfishOptions } from './redfish-options.js';
import { RedfishPower } from './redfish-power.js';
import { RedfishRaid } from './redfish-raid.js';
import { RedfishVendor } from './redfish-vendor.js';
import { RedfishVirtualMediaBoot } from './redfish-virtual-media-boot.js';

export { RedfishBios } from './redfish-bios.js';
export { RedfishFirmware } from './redfish-firmware.js';
export { RedfishInspect } from './redfish-inspect.js';
export { RedfishManagement } from './redfish-management.js';
export { RedfishPower } from './redfish-power.js';
export { RedfishRaid } from './redfish-raid.js';
export { RedfishVendor } from './redfish-vendor.js';
export { RedfishVirtualMediaBoot } from './redfish-virtual-media-boot.js';
export { RedfishClientPool } from './redfish-client-pool.js';
export { RedfishClient, type RedfishResource, type RedfishResponse, type RequestContext } from './redfish-client.js';
export { parseRedfishDriverInfo, type RedfishDriverInfo, type RedfishAuthType } from './redfish-driver-info.js';
export { RedfishErrorCode, RedfishHttpFailure, httpFailureOf } from './redfish-failure.js';
export { resolveRedfishOptions, type RedfishOptions, type ResolvedRedfishOptions } from './redfish-options.js';
export { prebuiltIsoSource, type BootIsoSource } from './boot-iso-source.js';
export { QUIRK_RULES, quirksFor, type VendorQuirks, type QuirkRule } from './vendor-quirks.js';
export { BUSY_CONDITIONS, type BusyCondition } from './busy-conditions.js';
export { readSystem, type SystemHandle } from './redfish-system.js';
export { findAction, allowableValues, type RedfishAction } from './allowable-values.js';
export { virtualMediaSlots, slotsFor, type MediaKind } from './virtual-media.js';
export { parseBootDevice, parseBootMode } from './boot-devices.js';

/** What createRedfishImplementations needs: timeouts and limits, and where virtual-media ISOs come from. */
export interface RedfishImplementationOptions extends RedfishOptions {
  /** Defaults to prebuilt ISOs from driver_info (deploy_iso / rescue_iso) until ISO building exists. */
  isoSource?: BootIsoSource;
}

/**
 * Every Redfish implementation over one client pool, named as in Ironic: `redfish` for power, management,
 * inspect, bios, raid, firmware and vendor; `redfish-virtual-media` for boot. `close()` logs out of every BMC
 * session and closes connections; main.ts calls it on shutdown.
 */
export function createRedfishImplementations(options: RedfishImplementationOptions): { implementations: Implementations; close(): Promise<void> } {
  const { isoSource = prebuiltIsoSource, ...rest } = options;
  const resolved = resolveRedfishOptions(rest);
  const pool = new RedfishClientPool(resolved);
  const media = new RedfishVirtualMediaBoot(pool, isoSource);
  return {
    implementations: {
      bios: { redfish: new RedfishBios(pool, resolved) },
      boot: { 'redfish-virtual-media': media },
      firmware: { redfish: new RedfishFirmware(pool, resolved) },
      inspect: { redfish: new RedfishInspect(pool) },
      management: { redfish: new RedfishManagement(pool) },
      power: { redfish: new RedfishPower(pool, resolved) },
      raid: { redfish: new RedfishRaid(pool, resolved) },
      vendor: { redfish: new RedfishVendor(media) },
    },
    close: () => pool.close(),
  };
}
