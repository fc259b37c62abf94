import type { JsonObject, JsonValue, NodeRecord } from '../../core/index.js';
import type { StepCall } from '../../drivers/interfaces/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { fireEvent } from './fire-event.js';
import type { Caller } from './node-actions.js';
import { beginOperation, checkConcurrency, continueInBackground, historyUser, orRelease, startChanges } from './operation.js';
import { startStepRun } from './steps/step-flow.js';
import { listSteps, mergeDeploySteps } from './steps/step-list.js';

/** What a deploy request may carry besides the verb. */
export interface DeployOptions {
  rebuild: boolean;
  configdrive?: JsonValue | undefined;
  deploySteps?: readonly JsonValue[] | undefined;
}

/**
 * `active`/`deploy`/`rebuild`: available, deploy failed (or active/error for rebuild) -> deploying ->
 * (wait call-back ...) -> active. Interfaces and requested steps are validated before anything changes;
 * the step list joins driver steps, deploy templates named by instance_info.traits and request steps.
 */
export async function deploy(deps: ConductorDeps, ident: string, options: DeployOptions, caller: Caller): Promise<void> {
  await checkConcurrency(deps, 'provisioning');
  const event = options.rebuild ? 'rebuild' : 'deploy';
  const task = await beginOperation(deps, ident, options.rebuild ? 'rebuild' : 'active', event);
  await orRelease(task, async () => {
    const driver = task.driver();
    driver.power.validate(task.node);
    driver.deploy.validate(task.node);
    driver.boot.validate(task.node);
    const requested = [...await templateSteps(deps, task.node), ...(options.deploySteps ?? [])];
    const defs = await listSteps(task, 'deploy', { log: task.log, signal: AbortSignal.timeout(deps.timeouts.powerStateChangeMs) });
    const steps: StepCall[] = mergeDeploySteps(task.node.uuid, defs, requested);
    const instanceInfo: JsonObject = { ...task.node.instance_info };
    if (options.configdrive !== undefined) instanceInfo['configdrive'] = options.configdrive;
    await fireEvent(deps, task, event, { changes: { ...startChanges(), instance_info: instanceInfo }, user: historyUser(caller) });
    continueInBackground(deps, task, 'deploy', (signal) => startStepRun(deps, task, 'deploy', () => Promise.resolve(steps), signal));
  });
}

/** Steps of the deploy templates whose names appear in instance_info.traits (1.55). */
async function templateSteps(deps: ConductorDeps, node: NodeRecord): Promise<JsonValue[]> {
  const traits = node.instance_info['traits'];
  if (!Array.isArray(traits) || traits.length === 0) return [];
  const templates = await deps.store.deployTemplates.list({}, { limit: 1000, sortKey: 'id', sortDir: 'asc' });
  return templates.filter((t) => traits.includes(t.name))
    .flatMap((t) => t.steps.map((s) => ({ interface: s.interface, step: s.step, args: s.args, priority: s.priority })));
}
