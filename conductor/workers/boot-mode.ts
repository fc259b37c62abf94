import {
  Conflict, FAILURE_STATES, STABLE_STATES, UnsupportedDriverExtension, type BootMode, type NodeRecord,
} from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { recordHistory } from './history.js';
import type { Caller } from './node-actions.js';
import { acquireNode, type NodeTask } from './node-task.js';
import { historyUser } from './operation.js';

/** PUT /v1/nodes/{id}/states/boot_mode (1.76): refused while the node transitions, as in Ironic. */
export async function setBootMode(deps: ConductorDeps, ident: string, mode: BootMode, caller: Caller): Promise<void> {
  await underStableLock(deps, ident, 'setting boot mode', async (task) => {
    const management = task.driver().management;
    if (!management.setBootMode) throw new UnsupportedDriverExtension(`Driver ${task.node.driver} does not support boot mode (disabled or not implemented).`);
    await management.setBootMode(task.node, mode, { log: task.log, signal: AbortSignal.timeout(deps.timeouts.powerStateChangeMs) });
    await task.save({ boot_mode: mode });
    await recordHistory(deps, task.node, { eventType: 'management', event: `Boot mode set to ${mode}`, user: historyUser(caller) });
  });
}

/** PUT /v1/nodes/{id}/states/secure_boot (1.76). */
export async function setSecureBoot(deps: ConductorDeps, ident: string, on: boolean, caller: Caller): Promise<void> {
  await underStableLock(deps, ident, 'setting secure boot', async (task) => {
    const management = task.driver().management;
    if (!management.setSecureBoot) throw new UnsupportedDriverExtension(`Driver ${task.node.driver} does not support secure boot (disabled or not implemented).`);
    await management.setSecureBoot(task.node, on, { log: task.log, signal: AbortSignal.timeout(deps.timeouts.powerStateChangeMs) });
    await task.save({ secure_boot: on });
    await recordHistory(deps, task.node, { eventType: 'management', event: `Secure boot ${on ? 'enabled' : 'disabled'}`, user: historyUser(caller) });
  });
}

async function underStableLock(deps: ConductorDeps, ident: string, purpose: string, work: (task: NodeTask) => Promise<void>): Promise<void> {
  const task = await acquireNode(deps, ident, purpose);
  try {
    if (isTransitioning(task.node)) {
      throw new Conflict('Conflict', `Node is in ${task.node.provision_state} state. Since node is transitioning, the boot mode will not be set as this may interfere with ongoing changes and result in erroneous modification. Try again later.`);
    }
    task.driver().management.validate(task.node);
    await work(task);
  } finally {
    await task.release();
  }
}

function isTransitioning(node: NodeRecord): boolean {
  return !STABLE_STATES.has(node.provision_state) && !FAILURE_STATES.has(node.provision_state);
}
