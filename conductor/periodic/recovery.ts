import { STUCK_STATES, type NodeRecord } from '../../core/index.js';
import type { ConductorDeps } from '../workers/index.js';
import type { ClusterView } from './conductor-registration.js';
import { eachNode } from './each-node.js';
import { failStuckNode, stuckDetail } from './stuck-nodes.js';

/** What start-up recovery did, for the log and tests. */
export interface RecoveryReport {
  released: string[];
  failed: string[];
}

/**
 * Start-up recovery (prepare_host + _correct_stuck_states). First clears target_power_state on nodes this
 * hostname had reserved and releases those reservations (that work died with the previous process).
 * Then every node in a transient state that was ours, was held by a dead conductor, or is unreserved and
 * maps to us is failed: "The <state> state can't be resumed by conductor <host>. Moving to fail state."
 */
export async function recoverOnStart(deps: ConductorDeps, cluster: ClusterView): Promise<RecoveryReport> {
  const mine: NodeRecord[] = [];
  for await (const node of eachNode(deps.store, { reservation: deps.hostname })) mine.push(node);
  const released = await deps.store.nodes.releaseAll(deps.hostname);
  for (const node of mine) {
    if (node.target_power_state === null) continue;
    const fresh = await deps.store.nodes.get(node.uuid);
    if (fresh) await deps.store.nodes.update(fresh.uuid, fresh.version, { target_power_state: null });
  }
  const dead = new Set(cluster.dead.map((c) => c.hostname));
  const previousHolder = new Map(mine.map((n) => [n.uuid, deps.hostname]));
  const failed: string[] = [];
  for await (const node of eachNode(deps.store, { provision_states: [...STUCK_STATES] })) {
    const holder = node.reservation;
    const recoverable = holder === null ? (previousHolder.has(node.uuid) || cluster.isMine(node)) : dead.has(holder);
    if (!recoverable) continue;
    if (holder !== null) await deps.store.nodes.release(node.uuid, holder);
    const leftBy = holder ?? previousHolder.get(node.uuid) ?? null;
    const ok = await failStuckNode(deps, node.uuid, (n) =>
      `The ${n.provision_state} state can't be resumed by conductor ${deps.hostname}. Moving to fail state.${stuckDetail(n, leftBy)}`);
    if (ok) failed.push(node.uuid);
  }
  if (released.length > 0 || failed.length > 0) deps.log.warn({ released: released.length, failed: failed.length }, 'recovered nodes left by a previous run');
  return { released, failed };
}
