import type { Implementations } from '../interfaces/index.js';
import { noBios, noConsole, noFirmware, noInspect, noRaid, noRescue, noVendor } from './no-interfaces.js';
import { noopManagement, noopNetwork, noopStorage } from './noop-interfaces.js';

export { noBios, noConsole, noFirmware, noInspect, noRaid, noRescue, noVendor } from './no-interfaces.js';
export { noopManagement, noopNetwork, noopStorage } from './noop-interfaces.js';
export { unsupported } from './unsupported.js';

/** Ironic's `no-*` and `noop` implementations, keyed by interface and name, for the driver registry. */
export function createNoopImplementations(): Implementations {
  return {
    bios: { 'no-bios': noBios() },
    console: { 'no-console': noConsole() },
    firmware: { 'no-firmware': noFirmware() },
    inspect: { 'no-inspect': noInspect() },
    raid: { 'no-raid': noRaid() },
    rescue: { 'no-rescue': noRescue() },
    vendor: { 'no-vendor': noVendor() },
    management: { noop: noopManagement() },
    network: { noop: noopNetwork() },
    storage: { noop: noopStorage() },
  };
}
