import { describe, expect, it } from 'vitest';
import { NodeLocked } from '../../core/index.js';
import { aNode, rejectionOf } from './repository-fixtures.js';
import type { StoreHandle } from './store-handle.js';

/** Reservations: Ironic's exclusive lock as an atomic compare-and-set on `reservation`. */
export function nodeLockContract(h: StoreHandle): void {
  describe('nodes: reservations', () => {
    it('reserves a free node and returns it with the reservation', async () => {
      const node = await h.store.nodes.create(aNode({ name: 'r1' }));
      const reserved = await h.store.nodes.reserve(node.uuid, 'conductor-a');
      expect(reserved).toEqual({ ...node, reservation: 'conductor-a' });
      await expect(h.store.nodes.get(node.uuid)).resolves.toMatchObject({ reservation: 'conductor-a' });
      await expect(
        h.store.nodes.list({ reservation: 'conductor-a' }, { limit: 10, sortKey: 'id', sortDir: 'asc' }),
      ).resolves.toEqual([reserved]);
    });

    it('refuses a held node with NodeLocked naming the holder, even for the same holder', async () => {
      const node = await h.store.nodes.create(aNode());
      await h.store.nodes.reserve(node.uuid, 'conductor-a');
      const error = await rejectionOf(h.store.nodes.reserve(node.uuid, 'conductor-b'));
      expect(error).toBeInstanceOf(NodeLocked);
      expect(error).toMatchObject({ code: 'NodeLocked', status: 409, holder: 'conductor-a' });
      expect(error.message).toContain('conductor-a');
      await expect(rejectionOf(h.store.nodes.reserve(node.uuid, 'conductor-a'))).resolves.toBeInstanceOf(NodeLocked);
    });

    it('refuses to reserve an unknown node with NodeNotFound', async () => {
      await expect(rejectionOf(h.store.nodes.reserve('missing', 'a'))).resolves.toMatchObject({ code: 'NodeNotFound' });
    });

    it('releases only for the holder', async () => {
      const node = await h.store.nodes.create(aNode());
      await h.store.nodes.reserve(node.uuid, 'conductor-a');
      await h.store.nodes.release(node.uuid, 'conductor-b');
      await expect(h.store.nodes.get(node.uuid)).resolves.toMatchObject({ reservation: 'conductor-a' });
      await h.store.nodes.release(node.uuid, 'conductor-a');
      await expect(h.store.nodes.get(node.uuid)).resolves.toMatchObject({ reservation: null });
      await h.store.nodes.release('missing', 'conductor-a');
      await expect(h.store.nodes.reserve(node.uuid, 'conductor-b')).resolves.toMatchObject({
        reservation: 'conductor-b',
      });
    });

    it('releaseAll frees every node of one holder and returns their uuids', async () => {
      const nodes = await Promise.all([1, 2, 3].map(() => h.store.nodes.create(aNode())));
      const [n1, n2, n3] = nodes.map((n) => n.uuid) as [string, string, string];
      await h.store.nodes.reserve(n1, 'a');
      await h.store.nodes.reserve(n2, 'a');
      await h.store.nodes.reserve(n3, 'b');
      await expect(h.store.nodes.releaseAll('a')).resolves.toEqual([n1, n2].sort());
      await expect(h.store.nodes.get(n1)).resolves.toMatchObject({ reservation: null });
      await expect(h.store.nodes.get(n3)).resolves.toMatchObject({ reservation: 'b' });
      await expect(h.store.nodes.releaseAll('a')).resolves.toEqual([]);
    });

    it('lets exactly one of many parallel reservations win', async () => {
      const node = await h.store.nodes.create(aNode());
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => h.store.nodes.reserve(node.uuid, `holder-${i}`)),
      );
      const winners = results.filter((r) => r.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      const losers = results.filter((r) => r.status === 'rejected');
      expect(losers.every((r) => r.reason instanceof NodeLocked)).toBe(true);
      const holder = winners[0]?.status === 'fulfilled' ? winners[0].value.reservation : undefined;
      await expect(h.store.nodes.get(node.uuid)).resolves.toMatchObject({ reservation: holder });
    });

    it('does not bump the version, and an update keeps a reservation taken after the read', async () => {
      const node = await h.store.nodes.create(aNode());
      const read = await h.store.nodes.get(node.uuid);
      await h.store.nodes.reserve(node.uuid, 'conductor-a');
      const updated = await h.store.nodes.update(node.uuid, read?.version ?? -1, { description: 'x' });
      expect(updated).toMatchObject({ reservation: 'conductor-a', version: node.version + 1 });
      await expect(h.store.nodes.get(node.uuid)).resolves.toMatchObject({
        reservation: 'conductor-a',
        description: 'x',
      });
    });

    it('lets an update set or clear the reservation explicitly', async () => {
      const node = await h.store.nodes.create(aNode());
      const held = await h.store.nodes.update(node.uuid, node.version, { reservation: 'conductor-a' });
      expect(held.reservation).toBe('conductor-a');
      await expect(rejectionOf(h.store.nodes.reserve(node.uuid, 'b'))).resolves.toBeInstanceOf(NodeLocked);
      const freed = await h.store.nodes.update(node.uuid, held.version, { reservation: null });
      expect(freed.reservation).toBeNull();
      await expect(h.store.nodes.reserve(node.uuid, 'b')).resolves.toMatchObject({ reservation: 'b' });
    });
  });
}
