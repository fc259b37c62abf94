import { PowerTarget, UnsupportedDriverExtension, type JsonObject, type NodeRecord } from '../../../core/index.js';
import {
  isJsonObject, type StepCall, type StepContext, type StepHost, type StepKind, type StepOutcome, type StepResult,
} from '../../../drivers/interfaces/index.js';
import { fireEvent } from '../fire-event.js';
import { recordHistory } from '../history.js';
import { refreshAfterStep } from '../node-data/refresh-after-step.js';
import type { NodeTask } from '../node-task.js';
import { nodeControl, type NodeControlDeps } from '../node-control.js';
import { applyChanges } from './apply-changes.js';
import { stepId } from './step-list.js';

/** driver_internal_info keys of a step run (Ironic's `<kind>_steps`, `<kind>_step_index`). */
export function stepKeys(kind: StepKind): { list: string; index: string; field: 'clean_step' | 'deploy_step' | 'service_step' | undefined } {
  const field = kind === 'clean' ? 'clean_step' : kind === 'deploy' ? 'deploy_step' : kind === 'service' ? 'service_step' : undefined;
  return { list: `${kind}_steps`, index: `${kind}_step_index`, field };
}

/** driver_internal_info key holding when the current step started (ms), for its duration once a callback ends it. */
export function stepStartedKey(kind: StepKind): string {
  return `${kind}_step_started_ms`;
}

/** The step list saved on the node, or undefined before it is known (in-band steps await the agent). */
export function savedSteps(node: NodeRecord, kind: StepKind): StepCall[] | undefined {
  const list = node.driver_internal_info[stepKeys(kind).list];
  if (!Array.isArray(list)) return undefined;
  return list.filter(isJsonObject).map((s) => s as unknown as StepCall);
}

/** The index of the step that ran last, or -1. */
export function savedIndex(node: NodeRecord, kind: StepKind): number {
  const index = node.driver_internal_info[stepKeys(kind).index];
  return typeof index === 'number' ? index : -1;
}

/** Saves a fresh step list and resets the index. */
export async function saveSteps(task: NodeTask, kind: StepKind, steps: readonly StepCall[]): Promise<void> {
  const keys = stepKeys(kind);
  const list = steps.map(stepToJson);
  await task.save({ driver_internal_info: { ...task.node.driver_internal_info, [keys.list]: list, [keys.index]: -1 } });
}

/** A step as stored in driver_internal_info and node.<kind>_step (Ironic's step dict). */
export function stepToJson(step: StepCall): JsonObject {
  return {
    interface: step.interface, step: step.step, args: step.args, priority: step.priority,
    ...(step.abortable === undefined ? {} : { abortable: step.abortable }),
  };
}

/** Removes the run's bookkeeping (current step, list, index). */
export function clearedSteps(node: NodeRecord, kind: StepKind): Partial<NodeRecord> {
  const keys = stepKeys(kind);
  const info = { ...node.driver_internal_info };
  delete info[keys.list];
  delete info[keys.index];
  delete info[stepStartedKey(kind)];
  return { driver_internal_info: info, ...(keys.field ? { [keys.field]: {} } : {}) };
}

/**
 * Runs the saved steps from `startIndex`: each is recorded as the current step, executed, and its changes
 * saved. A 'wait' or 'hold' result fires that event and stops; 'done' after the last step. Throws
 * StepFailure carrying the failed step.
 */
export async function runSteps(deps: NodeControlDeps, task: NodeTask, kind: StepKind, startIndex: number, signal: AbortSignal): Promise<StepResult> {
  const steps = savedSteps(task.node, kind) ?? [];
  const keys = stepKeys(kind);
  for (let i = startIndex; i < steps.length; i += 1) {
    const step = steps[i] as StepCall;
    await task.save({
      driver_internal_info: { ...task.node.driver_internal_info, [keys.index]: i, [stepStartedKey(kind)]: deps.clock.now() },
      ...(keys.field ? { [keys.field]: stepToJson(step) } : {}),
    });
    task.log.info({ step: stepId(step), kind }, 'executing step');
    const startedMs = deps.clock.now();
    let outcome: StepOutcome;
    try {
      outcome = await executeStep(deps, task, step, signal);
    } catch (error) {
      throw new StepFailure(step, error);
    }
    // Progress for operators: every step, its place in the run and how long it took, in node history.
    const seconds = ((deps.clock.now() - startedMs) / 1000).toFixed(1);
    await recordHistory(deps, task.node, {
      eventType: 'provisioning',
      event: `${kind} step ${stepId(step)} (${i + 1}/${steps.length}) ${outcome.result === 'done' ? 'done' : `returned ${outcome.result}`} after ${seconds} s`,
    });
    if (outcome.changes) await task.save(applyChanges(task.node, outcome.changes, deps.clock.now()));
    await refreshAfterStep(deps, task, step, outcome, signal);
    if (outcome.result !== 'done') {
      await fireEvent(deps, task, outcome.result);
      return outcome.result;
    }
  }
  return 'done';
}

/** A step threw; carries the step for the failure message. */
export class StepFailure extends Error {
  constructor(readonly step: StepCall, readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

async function executeStep(deps: NodeControlDeps, task: NodeTask, step: StepCall, signal: AbortSignal): Promise<StepOutcome> {
  const ctx: StepContext = nodeControl(deps, task, signal, task.log.child({ step: stepId(step) }));
  const reserved = RESERVED[step.step];
  if (step.interface === 'power' && reserved) {
    await ctx.setPower(reserved);
    return { result: 'done' };
  }
  const host = task.driver()[step.interface] as Partial<StepHost>;
  if (typeof host.executeStep !== 'function') {
    throw new UnsupportedDriverExtension(`Interface ${step.interface} of node ${task.node.uuid} has no steps.`);
  }
  return host.executeStep(task.node, step, ctx);
}

const RESERVED: Readonly<Record<string, PowerTarget>> = {
  power_on: PowerTarget.On, power_off: PowerTarget.Off, reboot: PowerTarget.Rebooting,
};

