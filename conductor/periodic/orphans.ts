import { STUCK_STATES, isoTimestamp } from '../../core/index.js';
import { recordHistory, type ConductorDeps } from '../workers/index.js';
import type { ClusterView } from './conductor-registration.js';
import { eachNode } from './each-node.js';
import { failStuckNode, stuckDetail } from './stuck-nodes.js';

/**
 * _check_orphan_nodes: nodes that map to us but are reserved by a dead conductor get their reservation
 * force-released; a pending power operation is aborted, and a transient state is failed
 * ("Operation was aborted due to conductor take over"). Maintenance nodes are only released.
 */
export async function takeOverOrphans(deps: ConductorDeps, cluster: ClusterView, signal: AbortSignal): Promise<string[]> {
  const taken: string[] = [];
  for (const dead of cluster.dead) {
    for await (const node of eachNode(deps.store, { reservation: dead.hostname })) {
      if (signal.aborted) return taken;
      if (!cluster.isMine(node)) continue;
      await deps.store.nodes.release(node.uuid, dead.hostname);
      deps.log.warn({ node: node.uuid, old: dead.hostname }, 'forcibly removed reservation of an offline conductor');
      taken.push(node.uuid);
      if (node.maintenance) continue;
      if (node.target_power_state !== null) await abortPowerOperation(deps, node.uuid);
      if (STUCK_STATES.has(node.provision_state)) {
        await failStuckNode(deps, node.uuid, (n) => `Operation was aborted due to conductor take over${stuckDetail(n, dead.hostname)}.`);
      }
    }
  }
  return taken;
}

async function abortPowerOperation(deps: ConductorDeps, uuid: string): Promise<void> {
  const node = await deps.store.nodes.get(uuid);
  if (!node || node.target_power_state === null) return;
  const error = 'Pending power operation was aborted due to conductor take over';
  await deps.store.nodes.update(uuid, node.version, { target_power_state: null, last_error: error });
  await recordHistory(deps, node, { eventType: 'power', event: `${error} at ${isoTimestamp(deps.clock.now())}`, severity: 'ERROR' });
}
