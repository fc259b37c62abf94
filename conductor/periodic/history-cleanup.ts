import type { ConductorDeps } from '../workers/index.js';
import type { ClusterView } from './conductor-registration.js';
import { eachNode } from './each-node.js';

/**
 * Keeps at most `keep` history events per node (Ironic's node_history_max_entries and its daily
 * _do_node_history_cleanup), for the nodes the hash ring gives this conductor. Returns events removed.
 */
export async function cleanUpHistory(
  deps: Pick<ConductorDeps, 'store' | 'log'>, cluster: ClusterView, keep: number, signal: AbortSignal,
): Promise<number> {
  let removed = 0;
  for await (const node of eachNode(deps.store, {})) {
    if (signal.aborted) break;
    if (!cluster.isMine(node)) continue;
    removed += await deps.store.history.prune(node.uuid, keep);
  }
  if (removed > 0) deps.log.info({ removed, keep }, 'node history pruned');
  return removed;
}
