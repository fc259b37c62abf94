import type { NodeRef } from '../../core/index.js';
import type { StepContext } from './steps.js';

/** Why the ramdisk is booted; the boot interface picks kernel parameters and networks from it. */
export type RamdiskPurpose = 'deploy' | 'clean' | 'inspect' | 'rescue' | 'service';

/**
 * Prepares what the machine boots: the agent ramdisk or the deployed instance, over PXE, iPXE, HTTP or
 * virtual media (ironic/drivers/base.py BootInterface).
 */
export interface BootInterface {
  validate(node: NodeRef): void;
  /** Makes the ramdisk bootable for `purpose` (PXE config, DHCP options, virtual media ISO). */
  prepareRamdisk(node: NodeRef, purpose: RamdiskPurpose, ctx: StepContext): Promise<void>;
  /** Removes what prepareRamdisk created. */
  cleanUpRamdisk(node: NodeRef, purpose: RamdiskPurpose, ctx: StepContext): Promise<void>;
  /** Makes the deployed instance bootable (local disk, or network boot for ramdisk deploys). */
  prepareInstance(node: NodeRef, ctx: StepContext): Promise<void>;
  /** Removes the instance boot configuration on tear-down. */
  cleanUpInstance(node: NodeRef, ctx: StepContext): Promise<void>;
}
