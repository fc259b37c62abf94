import type { ConductorDeps } from './conductor-deps.js';
import { failNode, fireEvent } from './fire-event.js';
import { errorMessage } from './history.js';
import { nodeControl } from './node-control.js';
import type { Caller } from './node-actions.js';
import { beginOperation, continueInBackground, historyUser, orRelease, startChanges } from './operation.js';

/**
 * `adopt` (1.17): take over an already-deployed machine, manageable or adopt failed -> adopting -> active.
 * Validates boot and deploy, then lets the deploy interface rebuild local boot state; power is not touched.
 */
export async function adopt(deps: ConductorDeps, ident: string, caller: Caller): Promise<void> {
  const task = await beginOperation(deps, ident, 'adopt', 'adopt');
  await orRelease(task, async () => {
    await fireEvent(deps, task, 'adopt', { changes: startChanges(), user: historyUser(caller) });
    continueInBackground(deps, task, 'adopt', async (signal) => {
      try {
        const driver = task.driver();
        driver.power.validate(task.node);
        driver.boot.validate(task.node);
        driver.deploy.validate(task.node);
        await driver.deploy.takeOver?.(task.node, nodeControl(deps, task, signal));
        const power = await driver.power.getPowerState(task.node, { log: task.log, signal });
        await fireEvent(deps, task, 'done', { changes: { power_state: power } });
      } catch (error) {
        await failNode(deps, task, `Error while attempting to adopt node ${task.node.uuid}: ${errorMessage(error)}.`);
      }
    });
  });
}
