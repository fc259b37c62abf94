import type {
  BiosInterface, ConsoleInterface, FirmwareInterface, InspectInterface, RaidInterface, RescueInterface, VendorInterface,
} from '../interfaces/index.js';
import { rejectUnsupported, unsupported } from './unsupported.js';

// Ironic's `no-*` implementations (ironic/drivers/modules/noop.py): validation reports the interface as
// unsupported and every action is refused, so optional interfaces always resolve to something.

/** `no-bios`. */
export function noBios(): BiosInterface {
  return { validate: (node) => { throw unsupported(node, 'bios'); }, getSettings: (node) => rejectUnsupported(node, 'bios') };
}

/** `no-console`. */
export function noConsole(): ConsoleInterface {
  return {
    validate: (node) => { throw unsupported(node, 'console'); },
    start: (node) => rejectUnsupported(node, 'console'),
    stop: (node) => rejectUnsupported(node, 'console'),
    getConsole: (node) => rejectUnsupported(node, 'console'),
  };
}

/** `no-firmware`. */
export function noFirmware(): FirmwareInterface {
  return { validate: (node) => { throw unsupported(node, 'firmware'); }, getComponents: (node) => rejectUnsupported(node, 'firmware') };
}

/** `no-inspect`. */
export function noInspect(): InspectInterface {
  return { validate: (node) => { throw unsupported(node, 'inspect'); }, inspectHardware: (node) => rejectUnsupported(node, 'inspect') };
}

/** `no-raid`. */
export function noRaid(): RaidInterface {
  return {
    validate: (node) => { throw unsupported(node, 'raid'); },
    validateRaidConfig: (node) => { throw unsupported(node, 'raid'); },
    getLogicalDiskProperties: () => ({}),
  };
}

/** `no-rescue`. */
export function noRescue(): RescueInterface {
  return {
    validate: (node) => { throw unsupported(node, 'rescue'); },
    rescue: (node) => rejectUnsupported(node, 'rescue'),
    unrescue: (node) => rejectUnsupported(node, 'rescue'),
  };
}

/** `no-vendor`. */
export function noVendor(): VendorInterface {
  return {
    validate: (node) => { throw unsupported(node, 'vendor'); },
    getRoutes: () => ({}),
    call: (node) => rejectUnsupported(node, 'vendor'),
  };
}
