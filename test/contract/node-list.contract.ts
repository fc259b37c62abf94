import { describe, expect, it } from 'vitest';
import { InvalidParameterValue } from '../../core/index.js';
import type { NodeRecord } from '../../core/index.js';
import { NODE_SORT_KEYS } from '../../conductor/persistence/index.js';
import type { NodeFilters, Page } from '../../conductor/persistence/index.js';
import { createNodeFixture, expectedOrder } from './node-fixture.js';
import { rejectionOf } from './repository-fixtures.js';
import type { StoreHandle } from './store-handle.js';

const all: Page = { limit: 1000, sortKey: 'id', sortDir: 'asc' };

/** Each NodeFilters field, with the rule it must follow written as a plain predicate. */
const FILTER_CASES: Array<[string, NodeFilters, (n: NodeRecord) => boolean]> = [
  ['provision_state', { provision_state: 'active' }, (n) => n.provision_state === 'active'],
  ['driver', { driver: 'redfish' }, (n) => n.driver === 'redfish'],
  ['maintenance true', { maintenance: true }, (n) => n.maintenance],
  ['maintenance false', { maintenance: false }, (n) => !n.maintenance],
  ['associated true', { associated: true }, (n) => n.instance_uuid !== null],
  ['associated false', { associated: false }, (n) => n.instance_uuid === null],
  ['retired', { retired: true }, (n) => n.retired],
  ['resource_class', { resource_class: 'gold' }, (n) => n.resource_class === 'gold'],
  ['fault', { fault: 'power failure' }, (n) => n.fault === 'power failure'],
  [
    'conductor_group (case-insensitive)',
    { conductor_group: 'Rack1' },
    (n) => n.conductor_group.toLowerCase() === 'rack1',
  ],
  ['owner', { owner: 'p1' }, (n) => n.owner === 'p1'],
  ['lessee', { lessee: 'p1' }, (n) => n.lessee === 'p1'],
  ['project (owner or lessee)', { project: 'p1' }, (n) => n.owner === 'p1' || n.lessee === 'p1'],
  [
    'description_contains (case-insensitive)',
    { description_contains: 'SERVER' },
    (n) => (n.description ?? '').toLowerCase().includes('server'),
  ],
  ['description_contains (non-ASCII)', { description_contains: 'ÜNÏ' }, (n) => (n.description ?? '').includes('Ünï')],
  ['instance_uuid', { instance_uuid: 'inst-07' }, (n) => n.instance_uuid === 'inst-07'],
  ['shard list', { shard: ['s1', 's3'] }, (n) => n.shard === 's1' || n.shard === 's3'],
  ['sharded true', { sharded: true }, (n) => n.shard !== null],
  ['sharded false', { sharded: false }, (n) => n.shard === null],
  ['parent_node', { parent_node: 'parent-1' }, (n) => n.parent_node === 'parent-1'],
  ['include_children false', { include_children: false }, (n) => n.parent_node === null],
  ['include_children true', { include_children: true }, () => true],
  [
    'provision_states',
    { provision_states: ['enroll', 'available'] },
    (n) => n.provision_state === 'enroll' || n.provision_state === 'available',
  ],
  ['empty provision_states', { provision_states: [] }, () => false],
  ['reservation', { reservation: 'cond-a' }, (n) => n.reservation === 'cond-a'],
  [
    'combined',
    { driver: 'ipmi', maintenance: false, sharded: true },
    (n) => n.driver === 'ipmi' && !n.maintenance && n.shard !== null,
  ],
];

/** Listing, counting, filtering, sorting and paging nodes. */
export function nodeListContract(h: StoreHandle): void {
  describe('nodes: list, filters, sorting, paging', () => {
    it.each(FILTER_CASES)('filters by %s', async (_label, filters, rule) => {
      const nodes = await createNodeFixture(h.store);
      const expected = nodes.filter(rule).map((n) => n.uuid);
      if (Object.keys(filters).length > 0 && !('include_children' in filters && filters.include_children === true)) {
        expect(expected.length, 'fixture must make the filter select a strict subset').toBeLessThan(nodes.length);
      }
      const listed = await h.store.nodes.list(filters, all);
      expect(listed.map((n) => n.uuid)).toEqual(expected);
      await expect(h.store.nodes.count(filters)).resolves.toBe(expected.length);
    });

    it('filters by chassis_uuid and by uuids', async () => {
      const nodes = await createNodeFixture(h.store);
      const chassis = nodes.find((n) => n.chassis_uuid !== null)?.chassis_uuid ?? '';
      const byChassis = await h.store.nodes.list({ chassis_uuid: chassis }, all);
      expect(byChassis.map((n) => n.uuid)).toEqual(nodes.filter((n) => n.chassis_uuid === chassis).map((n) => n.uuid));
      const some = [nodes[3]?.uuid ?? '', nodes[1]?.uuid ?? '', 'not-a-node'];
      const byUuids = await h.store.nodes.list({ uuids: some }, all);
      expect(byUuids.map((n) => n.uuid)).toEqual([nodes[1]?.uuid, nodes[3]?.uuid]);
    });

    it('returns full records in listings', async () => {
      const nodes = await createNodeFixture(h.store);
      await expect(h.store.nodes.list({}, all)).resolves.toEqual(nodes);
    });

    it.each(
      NODE_SORT_KEYS.flatMap(
        (key) =>
          [
            [key, 'asc'],
            [key, 'desc'],
          ] as const,
      ),
    )('sorts by %s %s with insertion order breaking ties', async (sortKey, sortDir) => {
      const nodes = await createNodeFixture(h.store);
      const listed = await h.store.nodes.list({}, { limit: 1000, sortKey, sortDir });
      expect(listed.map((n) => n.uuid)).toEqual(expectedOrder(nodes, sortKey, sortDir));
    });

    it.each([
      ['driver', 'asc'],
      ['updated_at', 'desc'],
      ['name', 'asc'],
      ['maintenance', 'desc'],
      ['id', 'desc'],
    ] as const)('pages by limit and marker through %s %s', async (sortKey, sortDir) => {
      const nodes = await createNodeFixture(h.store);
      const seen: string[] = [];
      let marker: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await h.store.nodes.list({}, { limit: 7, marker, sortKey, sortDir });
        seen.push(...page.map((n) => n.uuid));
        if (page.length < 7) break;
        marker = page[page.length - 1]?.uuid;
      }
      expect(seen).toEqual(expectedOrder(nodes, sortKey, sortDir));
    });

    it('pages from a marker that the filters exclude', async () => {
      const nodes = await createNodeFixture(h.store);
      const markerIndex = nodes.findIndex((n) => n.driver !== 'ipmi');
      const ipmiAfter = nodes
        .slice(markerIndex + 1)
        .filter((n) => n.driver === 'ipmi')
        .map((n) => n.uuid);
      expect(markerIndex).toBeGreaterThanOrEqual(0);
      expect(ipmiAfter.length).toBeGreaterThan(0);
      const marker = nodes[markerIndex];
      const page = await h.store.nodes.list({ driver: 'ipmi' }, { ...all, marker: marker?.uuid });
      expect(page.map((n) => n.uuid)).toEqual(ipmiAfter);
    });

    it('refuses an unknown marker, sort key or a negative limit', async () => {
      await createNodeFixture(h.store);
      const marker = await rejectionOf(h.store.nodes.list({}, { ...all, marker: 'nope' }));
      expect(marker).toBeInstanceOf(InvalidParameterValue);
      expect(marker.message).toBe('Marker nope could not be found.');
      await expect(rejectionOf(h.store.nodes.list({}, { ...all, sortKey: 'driver_info' }))).resolves.toBeInstanceOf(
        InvalidParameterValue,
      );
      await expect(rejectionOf(h.store.nodes.list({}, { ...all, limit: -1 }))).resolves.toBeInstanceOf(
        InvalidParameterValue,
      );
    });

    it('returns nothing for limit 0 and at most limit rows', async () => {
      await createNodeFixture(h.store);
      await expect(h.store.nodes.list({}, { ...all, limit: 0 })).resolves.toEqual([]);
      await expect(h.store.nodes.list({}, { ...all, limit: 5 })).resolves.toHaveLength(5);
    });
  });
}
