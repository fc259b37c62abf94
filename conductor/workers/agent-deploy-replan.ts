import type { NodeTask } from './node-task.js';
import { saveStepList } from './agent-step-list.js';
import { savedIndex, savedSteps } from './steps/run-steps.js';
import { automatedSteps, listSteps, sortByPriority, stepId } from './steps/step-list.js';

/**
 * Once the ramdisk of a deployment has booted and listed its in-band deploy steps, adds those that run
 * automatically (priority > 0) to the saved list after the current step, in priority order (Ironic's
 * continue_node_deploy re-running set_node_deployment_steps with reset_current=False). Steps already
 * planned keep their place and arguments; nothing is removed.
 */
export async function replanDeploySteps(task: NodeTask, signal: AbortSignal): Promise<void> {
  const saved = savedSteps(task.node, 'deploy');
  if (saved === undefined) return;
  const index = savedIndex(task.node, 'deploy');
  const known = new Set(saved.map(stepId));
  const added = automatedSteps(await listSteps(task, 'deploy', { log: task.log, signal })).filter((s) => !known.has(stepId(s)));
  if (added.length === 0) return;
  task.log.info({ added: added.map(stepId) }, 'in-band deploy steps added to the plan');
  await saveStepList(task, 'deploy', [...saved.slice(0, index + 1), ...sortByPriority([...saved.slice(index + 1), ...added])]);
}
