import type { NodeRecord, ProvisionEvent } from '../../../core/index.js';
import type { StepCall, StepKind } from '../../../drivers/interfaces/index.js';
import { failNode, fireEvent, isManualClean } from '../fire-event.js';
import { errorMessage } from '../history.js';
import { updateNodeCache } from '../node-data/update-node-cache.js';
import { nodeControl, type NodeControlDeps } from '../node-control.js';
import type { NodeTask } from '../node-task.js';
import { stepId } from './step-list.js';
import { StepFailure, clearedSteps, runSteps, saveSteps, savedIndex, savedSteps } from './run-steps.js';

/** Computes the step list once the node is ready to tell (after the ramdisk called back, for in-band steps). */
export type StepPlanner = (task: NodeTask) => Promise<StepCall[]>;

/**
 * Starts a step run in the state the verb moved the node to (cleaning, deploying, servicing): prepares
 * the node, plans the steps, runs them, and ends in the next stable state, a wait/hold state, or the
 * failure state with last_error. Never throws: every failure lands on the node.
 */
export async function startStepRun(deps: NodeControlDeps, task: NodeTask, kind: StepKind, plan: StepPlanner, signal: AbortSignal): Promise<void> {
  try {
    if (refreshesCache(kind)) await updateNodeCache(deps, task, signal);
    const deploy = task.driver().deploy;
    const prepared = deploy.prepareSteps ? await deploy.prepareSteps(task.node, kind, nodeControl(deps, task, signal)) : 'done';
    if (prepared === 'wait') {
      await fireEvent(deps, task, 'wait'); // the ramdisk lists its steps when it calls back (continueStepRun)
      return;
    }
    await saveSteps(task, kind, await plan(task));
  } catch (error) {
    await failStepRun(deps, task, kind, error, signal);
    return;
  }
  await continueStepRun(deps, task, kind, plan, 0, signal);
}

/**
 * Runs the saved steps from `startIndex` (after a callback: the index after the step that waited),
 * planning first if the list is not known yet, and finishes the run. Never throws.
 */
export async function continueStepRun(deps: NodeControlDeps, task: NodeTask, kind: StepKind, plan: StepPlanner, startIndex: number, signal: AbortSignal): Promise<void> {
  try {
    if (!savedSteps(task.node, kind)) await saveSteps(task, kind, await plan(task));
    const result = await runSteps(deps, task, kind, startIndex, signal);
    if (result !== 'done') return;
    await finishQuietly(deps, task, kind, signal, true);
    if (refreshesCache(kind)) await updateNodeCache(deps, task, signal);
    await fireEvent(deps, task, doneEvent(task.node, kind), { changes: clearedSteps(task.node, kind) });
  } catch (error) {
    await failStepRun(deps, task, kind, error, signal);
  }
}

/** Index to resume from after a callback: the step after the one that waited. */
export function resumeIndex(node: NodeRecord, kind: StepKind): number {
  return savedIndex(node, kind) + 1;
}

/** Cleaning and servicing refresh the BIOS and firmware caches before and after their steps (node_update_cache). */
function refreshesCache(kind: StepKind): boolean {
  return kind === 'clean' || kind === 'service';
}

function doneEvent(node: NodeRecord, kind: StepKind): ProvisionEvent {
  // Manual cleaning ends in manageable through the `manage` event (cleaning.py: event = 'manage').
  return kind === 'clean' && isManualClean(node) ? 'manage' : 'done';
}

/** Fails the run: tears down what prepareSteps set up, then `fail` with Ironic's message for the kind. */
export async function failStepRun(deps: NodeControlDeps, task: NodeTask, kind: StepKind, error: unknown, signal: AbortSignal): Promise<void> {
  const message = failureMessage(task.node, kind, error);
  const inStep = error instanceof StepFailure;
  await finishQuietly(deps, task, kind, signal);
  const extra: Partial<NodeRecord> = kind === 'clean' && inStep
    // cleaning_error_handler: a failed clean step puts the node in maintenance with fault 'clean failure'.
    ? { maintenance: true, fault: 'clean failure', maintenance_reason: task.node.maintenance_reason ?? message } : {};
  try {
    await failNode(deps, task, message, { ...clearedSteps(task.node, kind), ...extra });
  } catch (failError) {
    task.log.error({ err: failError, cause: message }, 'could not record the failure of a step run');
  }
}

function failureMessage(node: NodeRecord, kind: StepKind, error: unknown): string {
  if (error instanceof StepFailure) {
    const id = stepId(error.step);
    const cause = errorMessage(error.error);
    if (kind === 'clean') return `Node ${node.uuid} failed step ${id}: ${cause}`;
    return `${kind[0]?.toUpperCase() ?? ''}${kind.slice(1)} step ${id} failed: ${cause}.`;
  }
  const verb = kind === 'clean' ? 'cleaning' : kind === 'deploy' ? 'deployment' : kind === 'service' ? 'servicing' : 'verification';
  return `Failed to prepare node ${node.uuid} for ${verb}: ${errorMessage(error)}`;
}

/** Tears the run down; `succeeded` lets fast-track keep the ramdisk running for the next operation. */
async function finishQuietly(deps: NodeControlDeps, task: NodeTask, kind: StepKind, signal: AbortSignal, succeeded = false): Promise<void> {
  const deploy = task.driver().deploy;
  try {
    await deploy.finishSteps?.(task.node, kind, nodeControl(deps, task, signal, task.log, { keepAgent: succeeded }));
  } catch (error) {
    task.log.warn({ err: error, kind }, 'could not tear down after a step run');
  }
}
