import { ProvisionState } from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { failNode, fireEvent } from './fire-event.js';
import { errorMessage } from './history.js';
import { updateNodeCache } from './node-data/update-node-cache.js';
import type { Caller } from './node-actions.js';
import type { NodeTask } from './node-task.js';
import { beginOperation, continueInBackground, historyUser, orRelease, startChanges } from './operation.js';

/**
 * `manage`. From enroll it verifies the node (conductor/verify.py): power.validate, then a real
 * getPowerState as the credentials check, recorded in power_state; failure returns it to enroll with
 * last_error. From available and the failed states it just moves to manageable.
 */
export async function manage(deps: ConductorDeps, ident: string, caller: Caller): Promise<void> {
  const task = await beginOperation(deps, ident, 'manage', 'manage');
  const user = historyUser(caller);
  await orRelease(task, async () => {
    if (task.node.provision_state !== ProvisionState.Enroll) {
      await fireEvent(deps, task, 'manage', { user });
      await task.release();
      return;
    }
    await fireEvent(deps, task, 'manage', { changes: startChanges(), user });
    continueInBackground(deps, task, 'verify', (signal) => verifyNode(deps, task, signal));
  });
}

/** The verification itself, under the reservation; ends in manageable or back in enroll. BIOS and firmware are cached. */
export async function verifyNode(deps: ConductorDeps, task: NodeTask, signal: AbortSignal): Promise<void> {
  try {
    const power = task.driver().power;
    power.validate(task.node);
    const state = await power.getPowerState(task.node, { log: task.log, signal });
    await task.save({ power_state: state });
    await updateNodeCache(deps, task, signal); // verify.py: node_update_cache once the BMC answered
    await fireEvent(deps, task, 'done');
  } catch (error) {
    await failNode(deps, task, `Failed to verify node ${task.node.uuid}: ${errorMessage(error)}`);
  }
}
