import type { BootDevice, Logger } from '../../core/index.js';
import type { NodeChanges, StepContext } from '../../drivers/interfaces/index.js';
import { recordHistory } from './history.js';
import type { NodeTask } from './node-task.js';
import { changePower, type PowerActionDeps } from './power-action.js';
import { applyChanges } from './steps/apply-changes.js';

/**
 * The services a driver gets while the conductor holds the node (StepContext): power and boot device through
 * the node's own interfaces, the boot interface's ramdisk and instance preparation, and saving node fields,
 * each recorded in the node's history like the API's own actions.
 */
export function nodeControl(deps: PowerActionDeps, task: NodeTask, signal: AbortSignal, log: Logger = task.log): StepContext {
  const ctx: StepContext = {
    log,
    signal,
    setPower: async (target) => { await changePower(deps, task, target, { signal }); },
    setBootDevice: async (device: BootDevice, persistent: boolean) => {
      await task.driver().management.setBootDevice(task.node, device, persistent, { log, signal });
      await recordHistory(deps, task.node, { eventType: 'management', event: `Boot device set to ${device}${persistent ? ' (persistent)' : ''}` });
    },
    prepareRamdisk: (purpose) => task.driver().boot.prepareRamdisk(task.node, purpose, ctx),
    cleanUpRamdisk: (purpose) => task.driver().boot.cleanUpRamdisk(task.node, purpose, ctx),
    prepareInstance: () => task.driver().boot.prepareInstance(task.node, ctx),
    save: async (changes: NodeChanges) => { await task.save(applyChanges(task.node, changes, deps.clock.now())); },
    node: () => task.node,
  };
  return ctx;
}
