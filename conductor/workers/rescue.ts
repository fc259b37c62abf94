import type { ConductorDeps } from './conductor-deps.js';
import { failNode, fireEvent } from './fire-event.js';
import { errorMessage } from './history.js';
import type { Caller } from './node-actions.js';
import type { NodeTask } from './node-task.js';
import { beginOperation, continueInBackground, historyUser, orRelease, startChanges } from './operation.js';

/**
 * `rescue` (1.38): active, rescue or a rescue failure -> rescuing -> (rescue wait) -> rescue. The password
 * goes to instance_info.rescue_password, where the rescue ramdisk picks it up (`finalize_rescue`).
 */
export async function rescue(deps: ConductorDeps, ident: string, password: string, caller: Caller): Promise<void> {
  const task = await beginOperation(deps, ident, 'rescue', 'rescue');
  await orRelease(task, async () => {
    task.driver().rescue.validate(task.node);
    await fireEvent(deps, task, 'rescue', {
      changes: { ...startChanges(), instance_info: { ...task.node.instance_info, rescue_password: password } },
      user: historyUser(caller),
    });
    continueInBackground(deps, task, 'rescue', async (signal) => {
      try {
        const result = await task.driver().rescue.rescue(task.node, { log: task.log, signal });
        await fireEvent(deps, task, result === 'wait' ? 'wait' : 'done');
      } catch (error) {
        await cleanUpRescue(task, signal);
        await failNode(deps, task, `Failed to rescue node ${task.node.uuid}: ${errorMessage(error)}`);
      }
    });
  });
}

/** `unrescue`: rescue (or a rescue failure) -> unrescuing -> active; the rescue password is removed. */
export async function unrescue(deps: ConductorDeps, ident: string, caller: Caller): Promise<void> {
  const task = await beginOperation(deps, ident, 'unrescue', 'unrescue');
  await orRelease(task, async () => {
    task.driver().rescue.validate(task.node);
    await fireEvent(deps, task, 'unrescue', { changes: startChanges(), user: historyUser(caller) });
    continueInBackground(deps, task, 'unrescue', async (signal) => {
      try {
        await task.driver().rescue.unrescue(task.node, { log: task.log, signal });
        const info = { ...task.node.instance_info };
        delete info['rescue_password'];
        delete info['hashed_rescue_password'];
        await fireEvent(deps, task, 'done', { changes: { instance_info: info } });
      } catch (error) {
        await failNode(deps, task, `Failed to unrescue node ${task.node.uuid}: ${errorMessage(error)}`);
      }
    });
  });
}

/** Best-effort removal of the rescue boot configuration after a failure, abort or timeout. */
export async function cleanUpRescue(task: NodeTask, signal: AbortSignal): Promise<void> {
  try {
    await task.driver().rescue.cleanUp?.(task.node, { log: task.log, signal });
  } catch (error) {
    task.log.warn({ err: error }, 'rescue clean-up failed');
  }
}
