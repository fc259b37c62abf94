import type { StepCall, StepKind } from '../../drivers/interfaces/index.js';
import type { NodeTask } from './node-task.js';
import { stepKeys, stepToJson } from './steps/run-steps.js';

/** Replaces the saved step list of `kind`, keeping the index (unlike saveSteps, which restarts the run). */
export async function saveStepList(task: NodeTask, kind: StepKind, steps: readonly StepCall[]): Promise<void> {
  await task.save({ driver_internal_info: { ...task.node.driver_internal_info, [stepKeys(kind).list]: steps.map(stepToJson) } });
}
