import type { NodeRecord } from '../../core/index.js';
import type { Store } from '../../conductor/persistence/index.js';
import { aChassis, aNode } from './repository-fixtures.js';

/** A deterministic pseudo-random source (mulberry32), so the fixture is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Creates 40 nodes whose sortable and filterable fields come from small pools (nulls, ties, mixed case),
 * in insertion order. Returns them as created.
 */
export async function createNodeFixture(store: Store): Promise<NodeRecord[]> {
  const random = seeded(42);
  const pick = <V>(values: readonly V[]): V => values[Math.floor(random() * values.length)] as V;
  const chassis = [await store.chassis.create(aChassis()), await store.chassis.create(aChassis())];
  const times = [null, '2024-01-01T00:00:00+00:00', '2024-02-01T00:00:00+00:00', '2023-12-31T23:59:59+00:00'];
  const nodes: NodeRecord[] = [];
  for (let i = 0; i < 40; i++) {
    const node = aNode({
      name: i % 5 === 0 ? null : `node-${pick(['a', 'B', 'c', 'Z'])}-${i}`,
      driver: pick(['ipmi', 'redfish', 'fake-hardware']),
      provision_state: pick(['enroll', 'manageable', 'available', 'active']),
      power_state: pick([null, 'power on', 'power off']),
      maintenance: random() < 0.3,
      created_at: pick(times.slice(1)) ?? '',
      updated_at: pick(times),
      provision_updated_at: pick(times),
      resource_class: pick([null, 'gold', 'silver', 'Gold']),
      conductor_group: pick(['', 'rack1', 'RACK1', 'rack2']),
      owner: pick([null, 'p1', 'p2']),
      lessee: pick([null, 'p1', 'p3']),
      instance_uuid: random() < 0.5 ? null : `inst-${String(i).padStart(2, '0')}`,
      chassis_uuid: pick([null, chassis[0]?.uuid ?? null, chassis[1]?.uuid ?? null]),
      target_provision_state: pick([null, 'active', 'available']),
      fault: pick([null, null, 'power failure', 'clean failure']),
      shard: pick([null, 's1', 's2', 's3']),
      reservation: pick([null, null, 'cond-a', 'cond-b']),
      description: pick([null, 'Big Server', 'server room 2', 'small box', 'Ünïcode ü']),
      inspection_started_at: pick(times),
      inspection_finished_at: pick(times),
      protected: random() < 0.2,
      retired: random() < 0.3,
      automated_clean: pick([null, true, false]),
      parent_node: pick([null, null, 'parent-1', 'parent-2']),
    });
    nodes.push(await store.nodes.create(node));
  }
  return nodes;
}

/** Reference ordering for the contract, written independently of the stores: nulls first, then `<`. */
export function expectedOrder(nodes: readonly NodeRecord[], key: string, dir: 'asc' | 'desc'): string[] {
  const indexed = nodes.map((node, id) => ({ node, id }));
  const value = (n: NodeRecord, id: number): unknown =>
    key === 'id' ? id : (n as unknown as Record<string, unknown>)[key];
  const cmp = (a: unknown, b: unknown): number => {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    return (a as string | number) < (b as string | number) ? -1 : 1;
  };
  const sign = dir === 'asc' ? 1 : -1;
  indexed.sort((a, b) => sign * (cmp(value(a.node, a.id), value(b.node, b.id)) || a.id - b.id));
  return indexed.map((x) => x.node.uuid);
}
