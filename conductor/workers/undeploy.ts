import { NodeProtected, PowerTarget, type NodeRecord } from '../../core/index.js';
import { runAutomatedClean } from './clean.js';
import type { ConductorDeps } from './conductor-deps.js';
import { failNode, fireEvent } from './fire-event.js';
import { errorMessage } from './history.js';
import type { Caller } from './node-actions.js';
import { nodeControl } from './node-control.js';
import type { NodeTask } from './node-task.js';
import { beginOperation, checkConcurrency, continueInBackground, historyUser, orRelease, startChanges } from './operation.js';
import { changePower } from './power-action.js';

/** driver_internal_info keys that describe the deployed instance and go with it (wipe_deploy_internal_info). */
const INSTANCE_KEYS = ['is_whole_disk_image', 'deploy_steps', 'deploy_step_index', 'root_uuid_or_disk_id', 'instance', 'agent_url', 'agent_secret_token'];

/**
 * `deleted`/`undeploy`: tear down (power off, deploy/boot/network/storage clean-up), clear instance_info
 * and instance_uuid (Ironic 21.4 does both), then automated cleaning and available. A tear-down failure
 * ends in `error`.
 */
export async function undeploy(deps: ConductorDeps, ident: string, caller: Caller): Promise<void> {
  await checkConcurrency(deps, 'unprovisioning');
  const task = await beginOperation(deps, ident, 'deleted', 'delete');
  await orRelease(task, async () => {
    if (task.node.protected) throw new NodeProtected(task.node.uuid);
    await fireEvent(deps, task, 'delete', { changes: startChanges(), user: historyUser(caller) });
    continueInBackground(deps, task, 'tear down', async (signal) => {
      if (await tearDown(deps, task, signal)) await runAutomatedClean(deps, task, signal);
    });
  });
}

/** The tear-down itself, in `deleting`; true when it reached `cleaning`. */
export async function tearDown(deps: ConductorDeps, task: NodeTask, signal: AbortSignal): Promise<boolean> {
  const ctx = nodeControl(deps, task, signal);
  try {
    const driver = task.driver();
    await changePower(deps, task, PowerTarget.Off, { signal });
    await driver.deploy.tearDown(task.node, ctx);
    await driver.boot.cleanUpInstance(task.node, ctx);
    await driver.network.detach(task.node, 'tenant', ctx);
    await driver.storage.detachVolumes(task.node, ctx);
    await fireEvent(deps, task, 'clean', { changes: instanceCleared(task.node) });
    return true;
  } catch (error) {
    await failNode(deps, task, `Failed to tear down. Error: ${errorMessage(error)}`);
    return false;
  }
}

function instanceCleared(node: NodeRecord): Partial<NodeRecord> {
  const info = { ...node.driver_internal_info };
  for (const key of INSTANCE_KEYS) delete info[key];
  return { instance_info: {}, instance_uuid: null, driver_internal_info: info, deploy_step: {} };
}
