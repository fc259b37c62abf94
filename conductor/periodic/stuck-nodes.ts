import { NodeLocked, ProvisionState, STUCK_STATES, type NodeRecord } from '../../core/index.js';
import { acquireNode, clearedSteps, failNode, type ConductorDeps } from '../workers/index.js';

const S = ProvisionState;

/** Step bookkeeping to clear when a node stuck in a step run is failed. */
function stepChanges(node: NodeRecord): Partial<NodeRecord> {
  if (node.provision_state === S.Cleaning) return clearedSteps(node, 'clean');
  if (node.provision_state === S.Deploying) return clearedSteps(node, 'deploy');
  if (node.provision_state === S.Servicing) return clearedSteps(node, 'service');
  return {};
}

/** Our detail after Ironic's sentence: who left the node and in which step. */
export function stuckDetail(node: NodeRecord, leftBy: string | null): string {
  const parts: string[] = [];
  if (leftBy) parts.push(`it was left by conductor ${leftBy}`);
  const step = node.provision_state === S.Cleaning ? node.clean_step : node.provision_state === S.Deploying ? node.deploy_step
    : node.provision_state === S.Servicing ? node.service_step : {};
  if (typeof step['interface'] === 'string' && typeof step['step'] === 'string') parts.push(`during step ${step['interface']}.${step['step']}`);
  if (node.provision_updated_at) parts.push(`in that state since ${node.provision_updated_at}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * Fires `fail` on a node stuck in a transient state with last_error `message`; skipped when the node
 * moved on or someone holds it. Returns true when the node was failed.
 */
export async function failStuckNode(deps: ConductorDeps, uuid: string, message: (node: NodeRecord) => string): Promise<boolean> {
  let task;
  try {
    task = await acquireNode({ ...deps, timeouts: { ...deps.timeouts, nodeLockedRetryAttempts: 1 } }, uuid, 'stuck state recovery');
  } catch (error) {
    if (error instanceof NodeLocked) return false;
    throw error;
  }
  try {
    if (!STUCK_STATES.has(task.node.provision_state)) return false;
    const text = message(task.node);
    await failNode(deps, task, text, { ...stepChanges(task.node), target_power_state: null });
    return true;
  } finally {
    await task.release();
  }
}
