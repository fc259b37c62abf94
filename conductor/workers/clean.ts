import type { JsonValue } from '../../core/index.js';
import type { StepCall } from '../../drivers/interfaces/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { fireEvent } from './fire-event.js';
import type { Caller } from './node-actions.js';
import type { NodeTask } from './node-task.js';
import { beginOperation, checkConcurrency, continueInBackground, historyUser, orRelease, startChanges } from './operation.js';
import { stepToJson } from './steps/run-steps.js';
import { startStepRun } from './steps/step-flow.js';
import { automatedSteps, listSteps, validateUserSteps } from './steps/step-list.js';

/** `provide`: manageable -> cleaning -> available, with automated cleaning unless disabled. */
export async function provide(deps: ConductorDeps, ident: string, caller: Caller): Promise<void> {
  await checkConcurrency(deps, 'cleaning');
  const task = await beginOperation(deps, ident, 'provide', 'provide');
  await orRelease(task, async () => {
    await fireEvent(deps, task, 'provide', { changes: startChanges(), user: historyUser(caller) });
    continueInBackground(deps, task, 'clean', (signal) => runAutomatedClean(deps, task, signal));
  });
}

/**
 * Automated cleaning from `cleaning` (after provide or tear-down): the node's automated_clean, else the
 * conductor's setting, decides; disabled means straight to available, as Ironic does.
 */
export async function runAutomatedClean(deps: ConductorDeps, task: NodeTask, signal: AbortSignal): Promise<void> {
  if (!(task.node.automated_clean ?? deps.provisioning.automatedClean)) {
    task.log.info({}, 'automated cleaning disabled; skipping');
    await fireEvent(deps, task, 'done');
    return;
  }
  await startStepRun(deps, task, 'clean', async (t) => automatedSteps(await listSteps(t, 'clean', { log: t.log, signal })), signal);
}

/**
 * `clean` (1.15): manual cleaning with explicit steps, manageable -> cleaning -> manageable. Steps are
 * checked before anything changes, so an unsupported step is a 400 rather than a later clean failed.
 */
export async function manualClean(deps: ConductorDeps, ident: string, cleanSteps: readonly JsonValue[], disableRamdisk: boolean, caller: Caller): Promise<void> {
  await checkConcurrency(deps, 'cleaning');
  const task = await beginOperation(deps, ident, 'clean', 'clean');
  await orRelease(task, async () => {
    const defs = await listSteps(task, 'clean', { log: task.log, signal: AbortSignal.timeout(deps.timeouts.powerStateChangeMs) });
    const steps: StepCall[] = validateUserSteps(task.node.uuid, 'clean', defs, cleanSteps);
    // Ferro goes further than Ironic's opt-in disable_ramdisk (1.70): when every step asked for runs out of band
    // (BIOS, RAID or firmware through the BMC), booting the ramdisk would only cost minutes, so it is skipped.
    const outOfBand = steps.length > 0 && steps.every((s) => defs.some((d) => d.interface === s.interface && d.step === s.step && !d.requires_ramdisk));
    const noRamdisk = disableRamdisk || outOfBand;
    await fireEvent(deps, task, 'clean', {
      // The steps are saved now, so a run that first boots the ramdisk (clean wait) continues with them (issue #5).
      changes: { ...startChanges(), driver_internal_info: { ...task.node.driver_internal_info, cleaning_disable_ramdisk: noRamdisk, clean_steps: steps.map(stepToJson), clean_step_index: -1 } },
      user: historyUser(caller),
    });
    continueInBackground(deps, task, 'manual clean', (signal) => startStepRun(deps, task, 'clean', () => Promise.resolve(steps), signal));
  });
}
