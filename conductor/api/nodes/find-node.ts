import { canonicalUuid, isUuid, isValidLogicalName, NotFound, type NodeRecord } from '../../../core/index.js';
import type { Store } from '../../persistence/repository.js';

/**
 * The node named by a path's `{node_ident}`: a UUID, or a logical name from 1.5 on. A trailing
 * `.json` is stripped, as Ironic did up to 1.90. 404 `NodeNotFound` otherwise.
 */
export async function findNode(store: Store, ident: string, apiMinor: number): Promise<NodeRecord> {
  const bare = ident.endsWith('.json') ? ident.slice(0, -5) : ident;
  let node: NodeRecord | undefined;
  if (isUuid(bare)) node = await store.nodes.get(canonicalUuid(bare));
  else if (apiMinor >= 5 && isValidLogicalName(bare)) node = await store.nodes.get(bare);
  if (!node) throw new NotFound('Node', ident);
  return node;
}
