import { describe, expect, it } from 'vitest';
import { Conflict, NotFound } from '../../core/index.js';
import {
  aChassis,
  aDeployTemplate,
  aNode,
  aPort,
  aPortgroup,
  anAllocation,
  rejectionOf,
} from './repository-fixtures.js';
import type { StoreHandle } from './store-handle.js';

const all = { limit: 1000, sortKey: 'id', sortDir: 'asc' } as const;

/** Ports, portgroups, chassis, allocations and deploy templates. */
export function collectionsContract(h: StoreHandle): void {
  describe('ports', () => {
    it('creates a port and finds it by uuid, name, address and node', async () => {
      const node = await h.store.nodes.create(aNode());
      const other = await h.store.nodes.create(aNode({ shard: 's9' }));
      const port = await h.store.ports.create(aPort(node.uuid, { name: 'eth0', physical_network: 'physnet1' }));
      const second = await h.store.ports.create(aPort(other.uuid));
      await expect(h.store.ports.get(port.uuid)).resolves.toEqual(port);
      await expect(h.store.ports.get('eth0')).resolves.toEqual(port);
      const uuids = async (filters: Parameters<typeof h.store.ports.list>[0]): Promise<string[]> =>
        (await h.store.ports.list(filters, all)).map((p) => p.uuid);
      await expect(uuids({ address: port.address })).resolves.toEqual([port.uuid]);
      await expect(uuids({ addresses: [second.address, 'aa:aa:aa:aa:aa:aa'] })).resolves.toEqual([second.uuid]);
      await expect(uuids({ node_uuid: node.uuid })).resolves.toEqual([port.uuid]);
      await expect(uuids({ physical_network: 'physnet1' })).resolves.toEqual([port.uuid]);
      await expect(uuids({ shard: ['s9'] })).resolves.toEqual([second.uuid]);
      await expect(uuids({})).resolves.toEqual([port.uuid, second.uuid]);
    });

    it('refuses a duplicate MAC with MACAlreadyExists, and a duplicate uuid', async () => {
      const node = await h.store.nodes.create(aNode());
      const port = await h.store.ports.create(aPort(node.uuid, { address: '52:54:00:12:34:56' }));
      const error = await rejectionOf(h.store.ports.create(aPort(node.uuid, { address: '52:54:00:12:34:56' })));
      expect(error).toBeInstanceOf(Conflict);
      expect(error).toMatchObject({
        code: 'MACAlreadyExists',
        message: 'A port with MAC address 52:54:00:12:34:56 already exists.',
      });
      await expect(rejectionOf(h.store.ports.create(aPort(node.uuid, { uuid: port.uuid })))).resolves.toMatchObject({
        code: 'PortAlreadyExists',
      });
    });

    it('refuses a port of an unknown node or portgroup', async () => {
      await expect(rejectionOf(h.store.ports.create(aPort('no-node')))).resolves.toMatchObject({
        code: 'NodeNotFound',
        message: 'Node no-node could not be found.',
      });
      const node = await h.store.nodes.create(aNode());
      await expect(
        rejectionOf(h.store.ports.create(aPort(node.uuid, { portgroup_uuid: 'no-group' }))),
      ).resolves.toMatchObject({ code: 'PortgroupNotFound', message: 'Portgroup no-group could not be found.' });
    });

    it('updates a port, refusing a taken address; deletes it', async () => {
      const node = await h.store.nodes.create(aNode());
      const a = await h.store.ports.create(aPort(node.uuid));
      const b = await h.store.ports.create(aPort(node.uuid));
      const updated = await h.store.ports.update(a.uuid, { pxe_enabled: false, extra: { x: 1 } });
      expect(updated).toMatchObject({ uuid: a.uuid, pxe_enabled: false, extra: { x: 1 }, address: a.address });
      expect(updated.updated_at).not.toBeNull();
      await expect(h.store.ports.get(a.uuid)).resolves.toEqual(updated);
      await expect(rejectionOf(h.store.ports.update(a.uuid, { address: b.address }))).resolves.toMatchObject({
        code: 'MACAlreadyExists',
      });
      await h.store.ports.delete(a.uuid);
      await expect(h.store.ports.get(a.uuid)).resolves.toBeUndefined();
      await expect(rejectionOf(h.store.ports.delete(a.uuid))).resolves.toMatchObject({
        code: 'PortNotFound',
        status: 404,
        message: `Port ${a.uuid} could not be found.`,
      });
      await expect(rejectionOf(h.store.ports.update(a.uuid, {}))).resolves.toBeInstanceOf(NotFound);
    });

    it('lists ports by pxe_enabled and address in both directions', async () => {
      const node = await h.store.nodes.create(aNode());
      const ports = [
        await h.store.ports.create(aPort(node.uuid, { address: '52:54:00:00:00:02', pxe_enabled: true })),
        await h.store.ports.create(aPort(node.uuid, { address: '52:54:00:00:00:01', pxe_enabled: false })),
        await h.store.ports.create(aPort(node.uuid, { address: '52:54:00:00:00:03', pxe_enabled: true })),
      ];
      const [p2, p1, p3] = ports.map((p) => p.uuid);
      const list = async (sortKey: string, sortDir: 'asc' | 'desc'): Promise<Array<string | undefined>> =>
        (await h.store.ports.list({}, { limit: 10, sortKey, sortDir })).map((p) => p.uuid);
      await expect(list('address', 'asc')).resolves.toEqual([p1, p2, p3]);
      await expect(list('address', 'desc')).resolves.toEqual([p3, p2, p1]);
      await expect(list('pxe_enabled', 'desc')).resolves.toEqual([p3, p2, p1]);
      await expect(
        h.store.ports.list({}, { limit: 10, sortKey: 'address', sortDir: 'asc', marker: p2 }),
      ).resolves.toMatchObject([{ uuid: p3 }]);
    });
  });

  describe('portgroups', () => {
    it('refuses to delete a portgroup that has ports: PortgroupNotEmpty', async () => {
      const node = await h.store.nodes.create(aNode());
      const group = await h.store.portgroups.create(
        aPortgroup(node.uuid, { name: 'bond0', address: '52:54:00:aa:bb:cc' }),
      );
      await expect(h.store.portgroups.get('bond0')).resolves.toEqual(group);
      const port = await h.store.ports.create(aPort(node.uuid, { portgroup_uuid: group.uuid }));
      await expect(h.store.ports.list({ portgroup_uuid: group.uuid }, all)).resolves.toEqual([port]);
      const error = await rejectionOf(h.store.portgroups.delete(group.uuid));
      expect(error).toMatchObject({
        code: 'PortgroupNotEmpty',
        status: 400,
        message: `Cannot complete the requested action because portgroup ${group.uuid} contains ports.`,
      });
      await h.store.ports.update(port.uuid, { portgroup_uuid: null });
      await h.store.portgroups.delete(group.uuid);
      await expect(rejectionOf(h.store.portgroups.delete(group.uuid))).resolves.toMatchObject({
        code: 'PortgroupNotFound',
        message: `Portgroup ${group.uuid} could not be found.`,
      });
    });

    it('refuses duplicate portgroup names and addresses; filters by node and address', async () => {
      const node = await h.store.nodes.create(aNode());
      const group = await h.store.portgroups.create(
        aPortgroup(node.uuid, { name: 'bond0', address: '52:54:00:aa:bb:cc' }),
      );
      await expect(
        rejectionOf(h.store.portgroups.create(aPortgroup(node.uuid, { name: 'bond0' }))),
      ).resolves.toMatchObject({
        code: 'PortgroupDuplicateName',
        message: 'A portgroup with name bond0 already exists.',
      });
      await expect(
        rejectionOf(h.store.portgroups.create(aPortgroup(node.uuid, { address: '52:54:00:aa:bb:cc' }))),
      ).resolves.toMatchObject({ code: 'PortgroupMACAlreadyExists' });
      const other = await h.store.portgroups.create(aPortgroup(node.uuid));
      await expect(h.store.portgroups.list({ address: '52:54:00:aa:bb:cc' }, all)).resolves.toEqual([group]);
      await expect(h.store.portgroups.list({ node_uuid: node.uuid }, all)).resolves.toEqual([group, other]);
    });
  });

  describe('chassis, allocations, deploy templates', () => {
    it('creates, updates and deletes a chassis; NotFound names it', async () => {
      const chassis = await h.store.chassis.create(aChassis({ description: 'rack 1' }));
      await expect(h.store.chassis.list({}, all)).resolves.toEqual([chassis]);
      await expect(h.store.chassis.update(chassis.uuid, { description: 'rack 2' })).resolves.toMatchObject({
        description: 'rack 2',
      });
      await h.store.chassis.delete(chassis.uuid);
      await expect(rejectionOf(h.store.chassis.update(chassis.uuid, {}))).resolves.toMatchObject({
        code: 'ChassisNotFound',
        message: `Chassis ${chassis.uuid} could not be found.`,
      });
      await expect(
        rejectionOf(h.store.chassis.create(aChassis({ uuid: (await h.store.chassis.create(aChassis())).uuid }))),
      ).resolves.toMatchObject({ code: 'ChassisAlreadyExists' });
    });

    it('filters allocations and finds them by name; NotFound names them', async () => {
      const node = await h.store.nodes.create(aNode());
      const a = await h.store.allocations.create(
        anAllocation({ name: 'alloc-a', node_uuid: node.uuid, state: 'active', owner: 'p1' }),
      );
      const b = await h.store.allocations.create(anAllocation({ resource_class: 'gold' }));
      await expect(h.store.allocations.get('alloc-a')).resolves.toEqual(a);
      await expect(h.store.allocations.list({ node_uuid: node.uuid }, all)).resolves.toEqual([a]);
      await expect(h.store.allocations.list({ state: 'allocating' }, all)).resolves.toEqual([b]);
      await expect(h.store.allocations.list({ resource_class: 'gold' }, all)).resolves.toEqual([b]);
      await expect(h.store.allocations.list({ owner: 'p1' }, all)).resolves.toEqual([a]);
      await expect(rejectionOf(h.store.allocations.create(anAllocation({ name: 'alloc-a' })))).resolves.toMatchObject({
        code: 'AllocationDuplicateName',
      });
      await expect(rejectionOf(h.store.allocations.delete('nope'))).resolves.toMatchObject({
        code: 'AllocationNotFound',
        message: 'Allocation nope could not be found.',
      });
    });

    it('keeps deploy template names unique and finds templates by name', async () => {
      const t = await h.store.deployTemplates.create(aDeployTemplate({ name: 'CUSTOM_RAID' }));
      await expect(h.store.deployTemplates.get('CUSTOM_RAID')).resolves.toEqual(t);
      await expect(
        rejectionOf(h.store.deployTemplates.create(aDeployTemplate({ name: 'CUSTOM_RAID' }))),
      ).resolves.toMatchObject({ code: 'DeployTemplateDuplicateName' });
      const renamed = await h.store.deployTemplates.update(t.uuid, { name: 'CUSTOM_BIOS' });
      await expect(h.store.deployTemplates.get('CUSTOM_BIOS')).resolves.toEqual(renamed);
      await expect(h.store.deployTemplates.create(aDeployTemplate({ name: 'CUSTOM_RAID' }))).resolves.toMatchObject({
        name: 'CUSTOM_RAID',
      });
      await expect(rejectionOf(h.store.deployTemplates.delete('nope'))).resolves.toMatchObject({
        code: 'DeployTemplateNotFound',
        message: 'Deploy template nope could not be found.',
      });
    });
  });
}
