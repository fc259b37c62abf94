import { AgentInfoKey } from '../../core/index.js';
import { isJsonObject, type NodeChanges, type StepCall } from '../../drivers/interfaces/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { cacheFirmwareComponents } from './node-data/cache-firmware-components.js';
import { refreshAfterStep } from './node-data/refresh-after-step.js';
import type { NodeTask } from './node-task.js';
import { applyChanges } from './steps/apply-changes.js';

/**
 * An in-band step the run waited for has finished (the heartbeat saw its command succeed): saves what it
 * produced and refreshes the caches as a step that finished at once would (refreshAfterStep). For the agent's
 * firmware update, the versions from before the update are cached first, so components the cache did not
 * know yet keep their real initial_version (FirmwareComponent.create takes the first version read).
 */
export async function agentStepDone(deps: ConductorDeps, task: NodeTask, step: StepCall, changes: NodeChanges, signal: AbortSignal): Promise<void> {
  const reported = changes.driver_internal_info?.[AgentInfoKey.FirmwareComponents];
  if (step.interface === 'firmware' && Array.isArray(reported)) {
    const before = reported.filter(isJsonObject).map((c) => ({
      ...c, current_version: typeof c['previous_version'] === 'string' ? c['previous_version'] : c['current_version'] ?? null,
    }));
    await task.save({ driver_internal_info: { ...task.node.driver_internal_info, [AgentInfoKey.FirmwareComponents]: before } });
    await cacheFirmwareComponents(deps, task, signal);
  }
  await task.save(applyChanges(task.node, changes, deps.clock.now()));
  await refreshAfterStep(deps, task, step, { result: 'done', changes }, signal);
}
