import type { NodeRef, PowerState, PowerTarget } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';
import type { StepHost } from './steps.js';

/**
 * Switches a machine on or off through its BMC (ironic/drivers/base.py PowerInterface). The conductor acts,
 * then verifies: after setPowerState it reads getPowerState back until it agrees or the power timeout ends.
 */
export interface PowerInterface extends Partial<StepHost> {
  /** Checks driver_info only; never touches the network. Throws MissingParameterValue / InvalidParameterValue. */
  validate(node: NodeRef): void;
  /** Asks the BMC. 'error' when the BMC answers but reports a fault; throws when it cannot be reached. */
  getPowerState(node: NodeRef, ctx: DriverContext): Promise<PowerState>;
  /**
   * Requests `target` (reboot and soft targets included). `timeoutMs` bounds soft power off before the
   * adapter gives up; the conductor does the read-back.
   */
  setPowerState(node: NodeRef, target: PowerTarget, timeoutMs: number | undefined, ctx: DriverContext): Promise<void>;
  /** Targets this implementation can reach for `node` (soft ones need ACPI support in the BMC). */
  getSupportedPowerStates(node: NodeRef): PowerTarget[];
}
