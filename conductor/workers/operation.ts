import {
  ConcurrentActionLimit, InvalidStateRequested, NoFreeConductorWorker, ProvisionState, TemporaryFailure, nextState,
  type ProvisionEvent,
} from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import type { Caller } from './node-actions.js';
import { acquireNode, type NodeTask } from './node-task.js';

/**
 * Refuses new background work while shutting down (TemporaryFailure) or when every worker is busy
 * (NoFreeConductorWorker, 503: clients retry). The bound keeps a burst of requests from opening
 * thousands of BMC sessions at once, which lost UDP replies at 10,000 IPMI nodes.
 */
export function checkWorkerAvailable(deps: Pick<ConductorDeps, 'tasks' | 'limits'>): void {
  if (!deps.tasks.isAccepting()) throw new TemporaryFailure('The conductor is shutting down; retry later.');
  if (deps.tasks.active() >= deps.limits.workersPoolSize) throw new NoFreeConductorWorker(deps.limits.workersPoolSize);
}

/**
 * Reserves the node for `verb` and re-checks, under the reservation, that `event` is allowed from its
 * state (the API's pre-check raced with other writers). Refuses while shutting down or saturated.
 */
export async function beginOperation(deps: ConductorDeps, ident: string, verb: string, event: ProvisionEvent): Promise<NodeTask> {
  checkWorkerAvailable(deps);
  const task = await acquireNode(deps, ident, verb);
  if (!nextState(task.node.provision_state, event)) {
    await task.release();
    throw new InvalidStateRequested(verb, task.node.uuid, task.node.provision_state);
  }
  return task;
}

/** Runs `work` now and releases the reservation if it throws (the operation did not start). */
export async function orRelease<T>(task: NodeTask, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await task.release();
    throw error;
  }
}

/**
 * Continues under the reservation in the background (the API already has its 202) and releases it at
 * the end. `work` records its own failures on the node; anything escaping is logged by the tracker.
 */
export function continueInBackground(deps: Pick<ConductorDeps, 'tasks'>, task: NodeTask, name: string, work: (signal: AbortSignal) => Promise<void>): void {
  deps.tasks.spawn(`${name} ${task.node.uuid}`, async (signal) => {
    try {
      await work(signal);
    } finally {
      await task.release();
    }
  });
}

const DEPLOYING: readonly string[] = [ProvisionState.Deploying, ProvisionState.DeployWait];
const CLEANING: readonly string[] = [ProvisionState.Cleaning, ProvisionState.CleanWait];

/**
 * Refuses with ConcurrentActionLimit (503) when too many nodes already deploy or clean
 * (`_concurrent_action_limit`: 'provisioning' counts deploys, 'cleaning'/'unprovisioning' count cleans).
 */
export async function checkConcurrency(deps: Pick<ConductorDeps, 'store' | 'limits'>, action: 'provisioning' | 'cleaning' | 'unprovisioning'): Promise<void> {
  const deploy = action === 'provisioning';
  const limit = deploy ? deps.limits.maxConcurrentDeploy : deps.limits.maxConcurrentClean;
  const count = await deps.store.nodes.count({ provision_states: [...(deploy ? DEPLOYING : CLEANING)] });
  if (count >= limit) throw new ConcurrentActionLimit(action, limit);
}

/** Fields every new operation resets: Ironic clears last_error when an operation starts. */
export function startChanges(): { last_error: null } {
  return { last_error: null };
}

/** The user to record in history. */
export function historyUser(caller: Caller | undefined): string | null {
  return caller?.user ?? null;
}
