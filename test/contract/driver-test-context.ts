import { silentLogger, type NodeRecord, type NodeRef, type PowerTarget } from '../../core/index.js';
import type { DriverContext, StepContext } from '../../drivers/interfaces/index.js';

/** A driver context for contract suites: silent log, signal that never aborts unless given one. */
export function testContext(signal: AbortSignal = new AbortController().signal): DriverContext {
  return { log: silentLogger, signal };
}

/** A step context whose setPower records the targets asked for. */
export function testStepContext(node: NodeRecord): StepContext & { powerCalls: PowerTarget[] } {
  const powerCalls: PowerTarget[] = [];
  return {
    ...testContext(),
    powerCalls,
    node: () => node,
    setPower: (target) => {
      powerCalls.push(target);
      return Promise.resolve();
    },
  };
}

/** The NodeRef part of a record. */
export function refOf(node: NodeRecord): NodeRef {
  const { uuid, name, driver, driver_info, driver_internal_info, properties, instance_info } = node;
  return { uuid, name, driver, driver_info, driver_internal_info, properties, instance_info };
}
