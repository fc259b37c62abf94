import { describe, expect, it } from 'vitest';
import { aNode, anEvent, rejectionOf } from './repository-fixtures.js';
import type { StoreHandle } from './store-handle.js';

/** Node history and the conductors table. */
export function historyAndConductorsContract(h: StoreHandle): void {
  describe('node history', () => {
    it('adds, gets and lists events of one node', async () => {
      const node = await h.store.nodes.create(aNode());
      const other = await h.store.nodes.create(aNode());
      const e1 = anEvent(node.uuid, { created_at: '2024-01-02T00:00:00+00:00', severity: 'ERROR' });
      const e2 = anEvent(node.uuid, { created_at: '2024-01-01T00:00:00+00:00' });
      const e3 = anEvent(other.uuid);
      for (const e of [e1, e2, e3]) await h.store.history.add(e);
      await expect(h.store.history.get(e1.uuid)).resolves.toEqual(e1);
      await expect(h.store.history.get('nope')).resolves.toBeUndefined();
      await expect(h.store.history.list(node.uuid, { limit: 10, sortKey: 'id', sortDir: 'asc' })).resolves.toEqual([
        e1,
        e2,
      ]);
      await expect(
        h.store.history.list(node.uuid, { limit: 10, sortKey: 'created_at', sortDir: 'asc' }),
      ).resolves.toEqual([e2, e1]);
      await expect(
        h.store.history.list(node.uuid, { limit: 1, sortKey: 'id', sortDir: 'asc', marker: e1.uuid }),
      ).resolves.toEqual([e2]);
    });

    it('refuses events of an unknown node', async () => {
      await expect(rejectionOf(h.store.history.add(anEvent('no-node')))).resolves.toMatchObject({
        code: 'NodeNotFound',
      });
    });

    it('prunes all but the newest events of a node', async () => {
      const node = await h.store.nodes.create(aNode());
      const other = await h.store.nodes.create(aNode());
      const events = [3, 1, 4, 1, 5].map((day) => anEvent(node.uuid, { created_at: `2024-01-0${day}T00:00:00+00:00` }));
      for (const e of events) await h.store.history.add(e);
      await h.store.history.add(anEvent(other.uuid));
      await expect(h.store.history.prune(node.uuid, 2)).resolves.toBe(3);
      const left = await h.store.history.list(node.uuid, { limit: 10, sortKey: 'id', sortDir: 'asc' });
      expect(left.map((e) => e.created_at)).toEqual(['2024-01-04T00:00:00+00:00', '2024-01-05T00:00:00+00:00']);
      await expect(
        h.store.history.list(other.uuid, { limit: 10, sortKey: 'id', sortDir: 'asc' }),
      ).resolves.toHaveLength(1);
      await expect(h.store.history.prune(node.uuid, 5)).resolves.toBe(0);
    });
  });

  describe('conductors', () => {
    const t1 = '2024-01-01T00:00:00+00:00';
    const t2 = '2024-01-01T00:00:10+00:00';

    it('registers, lists by hostname, heartbeats and unregisters', async () => {
      await h.store.conductors.register({ hostname: 'c2', conductor_group: 'rack1', drivers: ['ipmi'] }, t1);
      await h.store.conductors.register({ hostname: 'c1', conductor_group: '', drivers: ['redfish', 'ipmi'] }, t1);
      await expect(h.store.conductors.list()).resolves.toEqual([
        {
          hostname: 'c1',
          conductor_group: '',
          drivers: ['redfish', 'ipmi'],
          online: true,
          created_at: t1,
          updated_at: t1,
        },
        { hostname: 'c2', conductor_group: 'rack1', drivers: ['ipmi'], online: true, created_at: t1, updated_at: t1 },
      ]);
      await h.store.conductors.heartbeat('c1', t2);
      await h.store.conductors.unregister('c2');
      await expect(h.store.conductors.list()).resolves.toMatchObject([
        { hostname: 'c1', online: true, created_at: t1, updated_at: t2 },
        { hostname: 'c2', online: false, updated_at: t1 },
      ]);
    });

    it('re-registering keeps created_at and updates the rest; heartbeat brings it back online', async () => {
      await h.store.conductors.register({ hostname: 'c1', conductor_group: '', drivers: ['ipmi'] }, t1);
      await h.store.conductors.unregister('c1');
      await h.store.conductors.heartbeat('c1', t2);
      await expect(h.store.conductors.list()).resolves.toMatchObject([{ online: true, updated_at: t2 }]);
      await h.store.conductors.register({ hostname: 'c1', conductor_group: 'g', drivers: ['redfish'] }, t2);
      await expect(h.store.conductors.list()).resolves.toEqual([
        { hostname: 'c1', conductor_group: 'g', drivers: ['redfish'], online: true, created_at: t1, updated_at: t2 },
      ]);
    });

    it('refuses a heartbeat of a conductor this store never registered', async () => {
      await expect(rejectionOf(h.store.conductors.heartbeat('ghost', t1))).resolves.toMatchObject({
        code: 'ConductorNotFound',
      });
    });
  });
}
