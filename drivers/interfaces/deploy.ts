import type { NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';
import type { StepHost, StepKind } from './steps.js';

/**
 * Writes an instance onto the machine and owns the step runs that need the ramdisk
 * (ironic/drivers/base.py DeployInterface). Deployment itself is the deploy-step list this interface
 * returns from getSteps('deploy'), e.g. deploy 100, write_image 80, prepare_instance_boot 60 ... boot_instance 20.
 */
export interface DeployInterface extends StepHost {
  /** Checks driver_info and instance_info (image_source ...) without side effects. */
  validate(node: NodeRef): void;
  /**
   * Readies the node for a step run (boots the ramdisk for in-band steps). 'wait' means the step list is
   * known only once the ramdisk calls back (Ironic's `prepare_cleaning` returning CLEANWAIT).
   */
  prepareSteps?(node: NodeRef, kind: StepKind, ctx: DriverContext): Promise<'done' | 'wait'>;
  /** Undoes prepareSteps once the run ended or failed (`tear_down_cleaning`). */
  finishSteps?(node: NodeRef, kind: StepKind, ctx: DriverContext): Promise<void>;
  /**
   * Removes the instance. The conductor has powered the node off before and clears instance_info and
   * starts automated cleaning after.
   */
  tearDown(node: NodeRef, ctx: DriverContext): Promise<void>;
  /** Rebuilds this conductor's local boot state for an active node it now owns (adoption, takeover). */
  takeOver?(node: NodeRef, ctx: DriverContext): Promise<void>;
}
