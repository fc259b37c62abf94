import type { JsonValue } from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { fireEvent } from './fire-event.js';
import type { Caller } from './node-actions.js';
import { beginOperation, continueInBackground, historyUser, orRelease, startChanges } from './operation.js';
import { stepToJson } from './steps/run-steps.js';
import { startStepRun } from './steps/step-flow.js';
import { listSteps, validateUserSteps } from './steps/step-list.js';

/**
 * `service` (1.87): run service steps on a deployed node without redeploying; active, service failed or
 * service hold -> servicing -> (service wait) -> active. Steps are validated before anything changes.
 */
export async function service(deps: ConductorDeps, ident: string, serviceSteps: readonly JsonValue[], caller: Caller): Promise<void> {
  const task = await beginOperation(deps, ident, 'service', 'service');
  await orRelease(task, async () => {
    const defs = await listSteps(task, 'service', { log: task.log, signal: AbortSignal.timeout(deps.timeouts.powerStateChangeMs) });
    const steps = validateUserSteps(task.node.uuid, 'service', defs, serviceSteps);
    // The steps are saved now, so a run that first boots the ramdisk (service wait) continues with them (issue #5).
    const info = { ...task.node.driver_internal_info, service_steps: steps.map(stepToJson), service_step_index: -1 };
    await fireEvent(deps, task, 'service', { changes: { ...startChanges(), driver_internal_info: info }, user: historyUser(caller) });
    continueInBackground(deps, task, 'service', (signal) => startStepRun(deps, task, 'service', () => Promise.resolve(steps), signal));
  });
}
