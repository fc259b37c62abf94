import type { NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';

/**
 * Boots a deployed node into the rescue ramdisk (RescueInterface). 'wait' means the agent finishes it on its
 * first heartbeat (`finalize_rescue`), the node waits in `rescue wait`.
 */
export interface RescueInterface {
  validate(node: NodeRef): void;
  /** Boots the rescue environment; the password is in instance_info.rescue_password. */
  rescue(node: NodeRef, ctx: DriverContext): Promise<'done' | 'wait'>;
  /** Boots the instance again. */
  unrescue(node: NodeRef, ctx: DriverContext): Promise<void>;
  /** Removes the rescue boot configuration after a failure or abort. */
  cleanUp?(node: NodeRef, ctx: DriverContext): Promise<void>;
}
