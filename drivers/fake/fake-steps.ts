import { DriverOperationError, type NodeRef } from '../../core/index.js';
import { STEP_DONE, defineStep, type StepCall, type StepDefinition, type StepOutcome } from '../interfaces/index.js';

/**
 * Manual-only (priority 0) steps every fake step run offers, so operators and tests can rehearse the
 * paths real hardware takes rarely: a step that waits for a callback, one that holds, one that fails.
 */
export const FAKE_CONTROL_STEPS: readonly StepDefinition[] = [
  defineStep('deploy', 'fake_wait', 0, { abortable: true, requiresRamdisk: false }),
  defineStep('deploy', 'fake_hold', 0, { requiresRamdisk: false }),
  defineStep('deploy', 'fake_fail', 0, {
    requiresRamdisk: false,
    argsinfo: { message: { description: 'The error the step fails with.', required: false } },
  }),
];

/** Runs a fake control step, or returns undefined when `step` is not one. */
export function runFakeControlStep(node: NodeRef, step: StepCall): StepOutcome | undefined {
  switch (step.step) {
    case 'fake_wait': return { result: 'wait' };
    case 'fake_hold': return { result: 'hold' };
    case 'fake_fail': {
      const message = typeof step.args['message'] === 'string' ? step.args['message'] : 'fake_fail step failed as asked';
      throw new DriverOperationError('FakeStepFailed', `${message} (node ${node.uuid})`);
    }
    default: return step.step === 'noop' ? STEP_DONE : undefined;
  }
}
