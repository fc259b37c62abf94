import { ConcurrentUpdate, Conflict, type AllocationRecord, type NodeRecord } from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';

/** Largest candidate set scanned for one allocation. */
const CANDIDATE_LIMIT = 10_000;

function matches(node: NodeRecord, allocation: AllocationRecord): boolean {
  if (node.allocation_uuid !== null || node.instance_uuid !== null) return false;
  if (allocation.traits.some((t) => !node.traits.includes(t))) return false;
  if (allocation.owner !== null && node.owner !== allocation.owner && node.lessee !== allocation.owner) return false;
  return allocation.candidate_nodes.length === 0 || allocation.candidate_nodes.includes(node.uuid);
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Sets the allocation on a node with compare-and-set; false when another writer got there first. */
export async function claimNode(deps: ApiDeps, node: NodeRecord, allocation: AllocationRecord): Promise<boolean> {
  try {
    await deps.store.nodes.update(node.uuid, node.version, {
      allocation_uuid: allocation.uuid, instance_uuid: node.instance_uuid ?? allocation.uuid,
    });
    return true;
  } catch (error) {
    if (error instanceof ConcurrentUpdate || error instanceof Conflict) return false;
    throw error;
  }
}

function noMatchMessage(allocation: AllocationRecord): string {
  const traits = allocation.traits.length > 0 ? ` and traits ${allocation.traits.join(', ')}` : '';
  return `Failed to process allocation ${allocation.uuid}: no available nodes match the resource class ${allocation.resource_class}${traits}.`;
}

/**
 * Picks a random available, unassociated, non-maintenance node matching resource class, traits,
 * candidates and owner (Ironic's conductor/allocations.py, synchronously), and claims it. Returns the
 * allocation's final state: `active` with node_uuid, or `error` with last_error.
 */
export async function allocateNode(deps: ApiDeps, allocation: AllocationRecord): Promise<Partial<AllocationRecord>> {
  const candidates = await deps.store.nodes.list(
    {
      provision_state: 'available', maintenance: false, associated: false, resource_class: allocation.resource_class,
      ...(allocation.candidate_nodes.length > 0 ? { uuids: allocation.candidate_nodes } : {}),
    },
    { limit: CANDIDATE_LIMIT, sortKey: 'id', sortDir: 'asc' },
  );
  for (const node of shuffled(candidates.filter((n) => matches(n, allocation)))) {
    if (await claimNode(deps, node, allocation)) return { state: 'active', node_uuid: node.uuid, last_error: null };
  }
  return { state: 'error', last_error: noMatchMessage(allocation) };
}
