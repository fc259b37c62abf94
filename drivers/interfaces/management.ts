import type { BootDevice, BootMode, NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';
import type { StepHost } from './steps.js';

/** The boot device as the BMC reports it; null fields when the BMC cannot tell. */
export interface BootDeviceState {
  boot_device: BootDevice | null;
  persistent: boolean | null;
}

/**
 * Boot device, boot mode and other out-of-band management (ironic/drivers/base.py ManagementInterface).
 * Optional methods are absent when the hardware cannot do it; the conductor answers UnsupportedDriverExtension.
 */
export interface ManagementInterface extends Partial<StepHost> {
  /** Checks driver_info only. */
  validate(node: NodeRef): void;
  getSupportedBootDevices(node: NodeRef, ctx: DriverContext): Promise<BootDevice[]>;
  getBootDevice(node: NodeRef, ctx: DriverContext): Promise<BootDeviceState>;
  /** Sets the next boot device; `persistent` false means "next boot only". */
  setBootDevice(node: NodeRef, device: BootDevice, persistent: boolean, ctx: DriverContext): Promise<void>;
  getBootMode?(node: NodeRef, ctx: DriverContext): Promise<BootMode | null>;
  setBootMode?(node: NodeRef, mode: BootMode, ctx: DriverContext): Promise<void>;
  setSecureBoot?(node: NodeRef, on: boolean, ctx: DriverContext): Promise<void>;
  injectNmi?(node: NodeRef, ctx: DriverContext): Promise<void>;
}
