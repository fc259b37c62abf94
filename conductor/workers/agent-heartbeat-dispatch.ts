import { AgentInfoKey, ProvisionState, type JsonValue } from '../../core/index.js';
import { isJsonObject, type AgentHeartbeat, type HeartbeatOutcome, type StepCall, type StepKind } from '../../drivers/interfaces/index.js';
import { agentStepDone } from './agent-step-done.js';
import { replanDeploySteps } from './agent-deploy-replan.js';
import type { HeartbeatInput } from './agent-heartbeat.js';
import type { ConductorDeps } from './conductor-deps.js';
import { resumeStepRun } from './continue-steps.js';
import { nodeControl } from './node-control.js';
import type { NodeTask } from './node-task.js';
import { checkWorkerAvailable } from './operation.js';
import { applyChanges } from './steps/apply-changes.js';
import { StepFailure, stepKeys } from './steps/run-steps.js';
import { failStepRun } from './steps/step-flow.js';

type RunKind = Exclude<StepKind, 'verify'>;

/** The step run a node waits in, by its state (agent_base.heartbeat_allowed_states). */
const KIND_OF_STATE: Readonly<Partial<Record<string, RunKind>>> = {
  [ProvisionState.DeployWait]: 'deploy', [ProvisionState.CleanWait]: 'clean', [ProvisionState.ServiceWait]: 'service',
};

/** True when a heartbeat for this node reaches its deploy interface: a deploy/clean/service wait, no maintenance. */
export function isHeartbeatHandled(task: Pick<NodeTask, 'node' | 'driver'>): boolean {
  return KIND_OF_STATE[task.node.provision_state] !== undefined && !task.node.maintenance && task.driver().deploy.heartbeat !== undefined;
}

/**
 * Acts on a recorded heartbeat, in the background and under the reservation `task` holds: nodes in
 * maintenance or outside deploy/clean/service wait are only recorded (inspection ends through
 * continue_inspection; rescue through the agent is not built). Otherwise the deploy interface decides.
 */
export function dispatchHeartbeat(deps: ConductorDeps, task: NodeTask, input: HeartbeatInput): void {
  const kind = KIND_OF_STATE[task.node.provision_state];
  if (kind === undefined || !isHeartbeatHandled(task) || !canSpawn(deps)) {
    void task.release().catch((error: unknown) => { task.log.warn({ err: error }, 'could not release after a heartbeat'); });
    return;
  }
  const heartbeat: AgentHeartbeat = {
    kind, callbackUrl: input.callbackUrl, agentVersion: input.agentVersion ?? '',
    ...(input.agentStatus !== undefined ? { status: input.agentStatus } : {}),
    ...(input.agentStatusMessage !== undefined ? { statusMessage: input.agentStatusMessage } : {}),
  };
  deps.tasks.spawn(`heartbeat ${task.node.uuid}`, async (signal) => {
    let handedOver = false;
    try {
      handedOver = await processHeartbeat(deps, task, heartbeat, signal);
    } finally {
      if (!handedOver) await task.release();
    }
  });
}

function canSpawn(deps: ConductorDeps): boolean {
  try {
    checkWorkerAvailable(deps);
    return true;
  } catch {
    return false; // busy or stopping: the next heartbeat retries
  }
}

/** True when the reservation was handed to the resumed step run (which releases it). */
async function processHeartbeat(deps: ConductorDeps, task: NodeTask, hb: AgentHeartbeat, signal: AbortSignal): Promise<boolean> {
  const deploy = task.driver().deploy;
  let outcome: HeartbeatOutcome;
  try {
    outcome = await (deploy.heartbeat?.(task.node, hb, nodeControl(deps, task, signal)) ?? Promise.resolve({ action: 'wait' as const }));
  } catch (error) {
    // The agent did not answer as expected: keep waiting; the callback timeout bounds the wait.
    task.log.warn({ err: error }, 'heartbeat processing failed; waiting for the next heartbeat');
    return false;
  }
  const step = currentStep(task.node, hb.kind);
  if (outcome.action === 'wait') {
    if (outcome.changes) await task.save(applyChanges(task.node, outcome.changes, deps.clock.now()));
    return false;
  }
  if (outcome.action === 'fail') {
    if (outcome.changes) await task.save(applyChanges(task.node, outcome.changes, deps.clock.now()));
    const error = step ? new StepFailure(step, new Error(outcome.error)) : new Error(outcome.error);
    await failStepRun(deps, task, hb.kind, error, signal);
    return false;
  }
  const refreshed = isJsonObject(outcome.changes?.driver_internal_info) && AgentInfoKey.CachedSteps[hb.kind] in (outcome.changes.driver_internal_info ?? {});
  if (step && !refreshed) await agentStepDone(deps, task, step, outcome.changes ?? {}, signal);
  else if (outcome.changes) await task.save(applyChanges(task.node, outcome.changes, deps.clock.now()));
  if (refreshed && hb.kind === 'deploy') await replanDeploySteps(task, signal);
  await resumeStepRun(deps, task, hb.kind);
  return true;
}

/** The step the run waits in (node.<kind>_step), or undefined while the ramdisk boots for the run. */
function currentStep(node: NodeTask['node'], kind: RunKind): StepCall | undefined {
  const field = stepKeys(kind).field;
  const raw: JsonValue | undefined = field ? node[field] : undefined;
  if (!isJsonObject(raw) || typeof raw['interface'] !== 'string' || typeof raw['step'] !== 'string') return undefined;
  return raw as unknown as StepCall;
}
