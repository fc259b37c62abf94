import { describe, expect, it } from 'vitest';
import { ConcurrentUpdate, Conflict, NotFound } from '../../core/index.js';
import { aChassis, aNode, aPort, aPortgroup, anAllocation, anEvent, rejectionOf } from './repository-fixtures.js';
import type { StoreHandle } from './store-handle.js';

/** Node create, get, update and delete. */
export function nodeCrudContract(h: StoreHandle): void {
  describe('nodes: create, get, update, delete', () => {
    it('returns a created node by uuid and by name, and undefined for unknown idents', async () => {
      const node = aNode({ name: 'node-1', driver_info: { ipmi_address: '10.0.0.1' }, traits: ['CUSTOM_A'] });
      await expect(h.store.nodes.create(node)).resolves.toEqual(node);
      await expect(h.store.nodes.get(node.uuid)).resolves.toEqual(node);
      await expect(h.store.nodes.get('node-1')).resolves.toEqual(node);
      await expect(h.store.nodes.get('node-2')).resolves.toBeUndefined();
      await expect(h.store.nodes.get('0d7b8c5e-0000-4000-8000-000000000000')).resolves.toBeUndefined();
    });

    it('hands out copies: mutating an input or a result does not change the stored node', async () => {
      const node = aNode({ extra: { a: { b: 1 } } });
      const created = await h.store.nodes.create(node);
      (node.extra['a'] as Record<string, number>)['b'] = 2;
      (created.extra['a'] as Record<string, number>)['b'] = 3;
      const read = await h.store.nodes.get(node.uuid);
      (read?.extra['a'] as Record<string, number>)['b'] = 4;
      created.traits.push('X');
      await expect(h.store.nodes.get(node.uuid)).resolves.toMatchObject({ extra: { a: { b: 1 } }, traits: [] });
    });

    it('refuses a duplicate name with DuplicateName', async () => {
      await h.store.nodes.create(aNode({ name: 'dup' }));
      const error = await rejectionOf(h.store.nodes.create(aNode({ name: 'dup' })));
      expect(error).toBeInstanceOf(Conflict);
      expect(error).toMatchObject({
        code: 'DuplicateName',
        status: 409,
        message: 'A node with name dup already exists.',
      });
    });

    it('refuses a duplicate uuid with NodeAlreadyExists', async () => {
      const node = await h.store.nodes.create(aNode());
      const error = await rejectionOf(h.store.nodes.create(aNode({ uuid: node.uuid })));
      expect(error).toMatchObject({
        code: 'NodeAlreadyExists',
        message: `A node with UUID ${node.uuid} already exists.`,
      });
    });

    it('refuses a second node with the same instance_uuid with InstanceAssociated', async () => {
      await h.store.nodes.create(aNode({ instance_uuid: 'inst-1' }));
      const other = aNode({ instance_uuid: 'inst-1' });
      const error = await rejectionOf(h.store.nodes.create(other));
      expect(error).toMatchObject({
        code: 'InstanceAssociated',
        message: `Instance inst-1 is already associated with a node, it cannot be associated with this other node ${other.uuid}`,
      });
    });

    it('allows many nodes without a name or instance', async () => {
      await h.store.nodes.create(aNode());
      await h.store.nodes.create(aNode());
      await expect(h.store.nodes.count({})).resolves.toBe(2);
    });

    it('refuses a node in an unknown chassis', async () => {
      const error = await rejectionOf(h.store.nodes.create(aNode({ chassis_uuid: 'no-such-chassis' })));
      expect(error).toBeInstanceOf(NotFound);
      expect(error).toMatchObject({ code: 'ChassisNotFound', message: 'Chassis no-such-chassis could not be found.' });
    });

    it('updates with the expected version: applies changes, bumps version, sets updated_at', async () => {
      const before = Date.now();
      const node = await h.store.nodes.create(aNode({ name: 'old' }));
      const updated = await h.store.nodes.update(node.uuid, node.version, { name: 'new', extra: { k: 'v' } });
      expect(updated).toMatchObject({ name: 'new', extra: { k: 'v' }, version: node.version + 1, uuid: node.uuid });
      expect(Date.parse(updated.updated_at ?? '')).toBeGreaterThanOrEqual(before - 1000);
      await expect(h.store.nodes.get('new')).resolves.toEqual(updated);
      await expect(h.store.nodes.get('old')).resolves.toBeUndefined();
    });

    it('refuses an update with a stale version with ConcurrentUpdate and keeps the node', async () => {
      const node = await h.store.nodes.create(aNode());
      await h.store.nodes.update(node.uuid, node.version, { description: 'first' });
      const error = await rejectionOf(h.store.nodes.update(node.uuid, node.version, { description: 'second' }));
      expect(error).toBeInstanceOf(ConcurrentUpdate);
      await expect(h.store.nodes.get(node.uuid)).resolves.toMatchObject({
        description: 'first',
        version: node.version + 1,
      });
    });

    it('ignores changes to uuid, created_at and version', async () => {
      const node = await h.store.nodes.create(aNode());
      const updated = await h.store.nodes.update(node.uuid, node.version, {
        uuid: 'other',
        created_at: 'x',
        version: 99,
      });
      expect(updated).toMatchObject({ uuid: node.uuid, created_at: node.created_at, version: node.version + 1 });
    });

    it('refuses an update to a taken name or instance_uuid, and of an unknown node', async () => {
      await h.store.nodes.create(aNode({ name: 'taken', instance_uuid: 'inst-9' }));
      const node = await h.store.nodes.create(aNode());
      await expect(
        rejectionOf(h.store.nodes.update(node.uuid, node.version, { name: 'taken' })),
      ).resolves.toMatchObject({ code: 'DuplicateName' });
      await expect(
        rejectionOf(h.store.nodes.update(node.uuid, node.version, { instance_uuid: 'inst-9' })),
      ).resolves.toMatchObject({ code: 'InstanceAssociated' });
      await expect(rejectionOf(h.store.nodes.update('missing', 0, { name: 'x' }))).resolves.toMatchObject({
        code: 'NodeNotFound',
        status: 404,
        message: 'Node missing could not be found.',
      });
    });

    it('deletes a node with its ports, portgroups, allocations and history', async () => {
      const node = await h.store.nodes.create(aNode());
      const keep = await h.store.nodes.create(aNode());
      const group = await h.store.portgroups.create(aPortgroup(node.uuid));
      const port = await h.store.ports.create(aPort(node.uuid, { portgroup_uuid: group.uuid }));
      const other = await h.store.ports.create(aPort(keep.uuid));
      const allocation = await h.store.allocations.create(anAllocation({ node_uuid: node.uuid }));
      const event = anEvent(node.uuid);
      await h.store.history.add(event);
      await h.store.nodes.delete(node.uuid);
      await expect(h.store.nodes.get(node.uuid)).resolves.toBeUndefined();
      await expect(h.store.ports.get(port.uuid)).resolves.toBeUndefined();
      await expect(h.store.portgroups.get(group.uuid)).resolves.toBeUndefined();
      await expect(h.store.allocations.get(allocation.uuid)).resolves.toBeUndefined();
      await expect(h.store.history.get(event.uuid)).resolves.toBeUndefined();
      await expect(h.store.ports.get(other.uuid)).resolves.toEqual(other);
      await expect(rejectionOf(h.store.nodes.delete(node.uuid))).resolves.toMatchObject({ code: 'NodeNotFound' });
    });

    it('keeps a chassis with nodes: ChassisNotEmpty', async () => {
      const chassis = await h.store.chassis.create(aChassis());
      const node = await h.store.nodes.create(aNode({ chassis_uuid: chassis.uuid }));
      const error = await rejectionOf(h.store.chassis.delete(chassis.uuid));
      expect(error).toMatchObject({
        code: 'ChassisNotEmpty',
        status: 400,
        message: `Cannot complete the requested action because chassis ${chassis.uuid} contains nodes.`,
      });
      await h.store.nodes.delete(node.uuid);
      await h.store.chassis.delete(chassis.uuid);
      await expect(h.store.chassis.get(chassis.uuid)).resolves.toBeUndefined();
    });
  });
}
