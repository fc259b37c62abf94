import { InvalidStateRequested, ProvisionState } from '../../core/index.js';
import type { StepKind } from '../../drivers/interfaces/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { failNode, fireEvent } from './fire-event.js';
import { acquireNode, type NodeTask } from './node-task.js';
import { continueInBackground, orRelease } from './operation.js';
import { continueStepRun, resumeIndex, type StepPlanner } from './steps/step-flow.js';
import { automatedSteps, listSteps, mergeDeploySteps, stepId } from './steps/step-list.js';
import { clearedSteps, savedIndex, savedSteps, stepStartedKey } from './steps/run-steps.js';
import { recordHistory } from './history.js';

/** The wait state of each step run. */
export const WAIT_STATE_OF: Readonly<Record<Exclude<StepKind, 'verify'>, ProvisionState>> = {
  clean: ProvisionState.CleanWait, deploy: ProvisionState.DeployWait, service: ProvisionState.ServiceWait,
};

/**
 * Resumes a step run waiting for a callback: the agent's heartbeat reporting its command done (issue #5),
 * a BMC job finishing, or `unhold`. Fires `resume` and continues with the step after the one that waited.
 * A non-abortable clean step that was asked to abort (`abort_after`) ends the clean here instead.
 */
export async function continueSteps(deps: ConductorDeps, ident: string, kind: Exclude<StepKind, 'verify'>): Promise<void> {
  const task = await acquireNode(deps, ident, `continue ${kind}`);
  await orRelease(task, () => resumeStepRun(deps, task, kind));
}

/**
 * continueSteps for a caller that already holds the node (the agent heartbeat, issue #5): checks the wait
 * state, fires `resume` and continues in the background, which releases the reservation at the end.
 * Throws (reservation kept: the caller releases) when the node is not waiting.
 */
export async function resumeStepRun(deps: ConductorDeps, task: NodeTask, kind: Exclude<StepKind, 'verify'>): Promise<void> {
  if (task.node.provision_state !== WAIT_STATE_OF[kind]) {
    throw new InvalidStateRequested(`continue ${kind}`, task.node.uuid, task.node.provision_state);
  }
  if (kind === 'clean' && task.node.clean_step['abort_after'] === true) {
    await failNode(deps, task, `By request, the clean operation was aborted after the completion of step "${String(task.node.clean_step['interface'])}.${String(task.node.clean_step['step'])}"`,
      clearedSteps(task.node, 'clean'));
    await task.release();
    return;
  }
  await recordWaitedStep(deps, task, kind);
  await fireEvent(deps, task, 'resume');
  continueInBackground(deps, task, `continue ${kind}`, (signal) =>
    continueStepRun(deps, task, kind, plannerFor(deps, kind, signal), resumeIndex(task.node, kind), signal));
}

/** Plans a run whose list was not known when it started (the ramdisk had to boot first). */
function plannerFor(deps: ConductorDeps, kind: StepKind, signal: AbortSignal): StepPlanner {
  return async (task: NodeTask) => {
    const defs = await listSteps(task, kind, { log: task.log, signal });
    if (kind === 'deploy') return mergeDeploySteps(task.node.uuid, defs, []);
    if (kind === 'clean') return automatedSteps(defs);
    deps.log.warn({ node: task.node.uuid, kind }, 'no saved step list to continue');
    return [];
  };
}

/**
 * Progress for operators (issue #5): a step that waited for a callback (an in-band command, a BMC job) gets its
 * whole duration in the node history when it ends, beside the "returned wait" entry written when it started.
 */
async function recordWaitedStep(deps: ConductorDeps, task: NodeTask, kind: Exclude<StepKind, 'verify'>): Promise<void> {
  const steps = savedSteps(task.node, kind) ?? [];
  const index = savedIndex(task.node, kind);
  const step = steps[index];
  const startedMs = task.node.driver_internal_info[stepStartedKey(kind)];
  if (step === undefined || typeof startedMs !== 'number') return;
  const seconds = ((deps.clock.now() - startedMs) / 1000).toFixed(1);
  await recordHistory(deps, task.node, {
    eventType: 'provisioning', event: `${kind} step ${stepId(step)} (${index + 1}/${steps.length}) finished after ${seconds} s`,
  });
}
