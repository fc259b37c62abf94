import { BootDevice } from '../../core/index.js';
import type { ManagementInterface, NetworkInterface, StorageInterface } from '../interfaces/index.js';

/** `noop` management (NoopManagement): the operator sets boot devices by hand; nothing is reported. */
export function noopManagement(): ManagementInterface {
  return {
    validate: () => undefined,
    getSupportedBootDevices: () => Promise.resolve([BootDevice.Pxe, BootDevice.Disk]),
    getBootDevice: () => Promise.resolve({ boot_device: null, persistent: null }),
    setBootDevice: () => Promise.resolve(),
  };
}

/** `noop` network (NoopNetwork): every port stays on the one flat network it is cabled to. */
export function noopNetwork(): NetworkInterface {
  return { validate: () => undefined, attach: () => Promise.resolve(), detach: () => Promise.resolve() };
}

/** `noop` storage (NoopStorage): no boot from volume; the image is always written to a local disk. */
export function noopStorage(): StorageInterface {
  return {
    validate: () => undefined,
    attachVolumes: () => Promise.resolve(),
    detachVolumes: () => Promise.resolve(),
    shouldWriteImage: () => true,
  };
}
