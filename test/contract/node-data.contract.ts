import { describe, expect, it } from 'vitest';
import type { NodeDataKind } from '../../conductor/persistence/index.js';
import type { JsonValue } from '../../core/index.js';
import { aNode, aPort, rejectionOf } from './repository-fixtures.js';
import type { StoreHandle } from './store-handle.js';

const t1 = '2024-05-01T10:00:00.000+00:00';
const t2 = '2024-05-02T11:00:00.000+00:00';

/** Per-node hardware data: inventory, plugin data, BIOS settings, firmware components. */
export function nodeDataContract(h: StoreHandle): void {
  describe('node data', () => {
    it('stores, replaces and reads one value per node and kind', async () => {
      const node = await h.store.nodes.create(aNode());
      const inventory = { cpu: { count: 8, architecture: 'x86_64' }, interfaces: [{ mac_address: '52:54:00:12:34:56' }] };
      await expect(h.store.nodeData.put(node.uuid, 'inventory', inventory, t1)).resolves.toEqual({
        node_uuid: node.uuid, kind: 'inventory', value: inventory, created_at: t1, updated_at: null,
      });
      await h.store.nodeData.put(node.uuid, 'bios', [{ name: 'BootMode', value: 'Uefi' }], t1);
      await h.store.nodeData.put(node.uuid, 'bios', [{ name: 'BootMode', value: 'Bios' }], t2);
      await expect(h.store.nodeData.get(node.uuid, 'bios')).resolves.toEqual({
        node_uuid: node.uuid, kind: 'bios', value: [{ name: 'BootMode', value: 'Bios' }], created_at: t1, updated_at: t2,
      });
      await expect(h.store.nodeData.get(node.uuid, 'inventory')).resolves.toMatchObject({ value: inventory });
      await expect(h.store.nodeData.get(node.uuid, 'firmware')).resolves.toBeUndefined();
    });

    it('keeps JSON values exactly, including null, empty lists and nested objects', async () => {
      const node = await h.store.nodes.create(aNode());
      const nested: JsonValue = { a: [1, 2.5, 'x', true, null, { b: {} }], 'ünïcode': '✓' };
      const cases: Array<[NodeDataKind, JsonValue]> = [['plugin_data', nested], ['firmware', []], ['bios', null]];
      for (const [kind, value] of cases) {
        await h.store.nodeData.put(node.uuid, kind, value, t1);
        await expect(h.store.nodeData.get(node.uuid, kind)).resolves.toMatchObject({ value });
      }
    });

    it('keeps the values of different nodes apart', async () => {
      const a = await h.store.nodes.create(aNode());
      const b = await h.store.nodes.create(aNode());
      await h.store.nodeData.put(a.uuid, 'firmware', [{ component: 'bios' }], t1);
      await h.store.nodeData.put(b.uuid, 'firmware', [{ component: 'bmc' }], t1);
      await expect(h.store.nodeData.get(a.uuid, 'firmware')).resolves.toMatchObject({ value: [{ component: 'bios' }] });
      await expect(h.store.nodeData.get(b.uuid, 'firmware')).resolves.toMatchObject({ value: [{ component: 'bmc' }] });
    });

    it('refuses data of an unknown node', async () => {
      await expect(rejectionOf(h.store.nodeData.put('no-such-node', 'inventory', {}, t1))).resolves.toMatchObject({
        code: 'NodeNotFound',
      });
    });

    it('deletes one kind or all kinds of a node, counting what it removed', async () => {
      const node = await h.store.nodes.create(aNode());
      const other = await h.store.nodes.create(aNode());
      for (const kind of ['inventory', 'plugin_data', 'bios'] as const) await h.store.nodeData.put(node.uuid, kind, {}, t1);
      await h.store.nodeData.put(other.uuid, 'inventory', {}, t1);
      await expect(h.store.nodeData.delete(node.uuid, 'bios')).resolves.toBe(1);
      await expect(h.store.nodeData.delete(node.uuid, 'bios')).resolves.toBe(0);
      await expect(h.store.nodeData.get(node.uuid, 'inventory')).resolves.toBeDefined();
      await expect(h.store.nodeData.delete(node.uuid)).resolves.toBe(2);
      await expect(h.store.nodeData.get(node.uuid, 'plugin_data')).resolves.toBeUndefined();
      await expect(h.store.nodeData.get(other.uuid, 'inventory')).resolves.toBeDefined();
    });

    it('is deleted with its node, and a node created again with the same uuid starts empty', async () => {
      const node = await h.store.nodes.create(aNode());
      await h.store.ports.create(aPort(node.uuid));
      await h.store.nodeData.put(node.uuid, 'inventory', { cpu: {} }, t1);
      await h.store.nodeData.put(node.uuid, 'firmware', [], t1);
      await h.store.nodes.delete(node.uuid);
      await expect(h.store.nodeData.get(node.uuid, 'inventory')).resolves.toBeUndefined();
      await h.store.nodes.create(aNode({ uuid: node.uuid }));
      await expect(h.store.nodeData.get(node.uuid, 'firmware')).resolves.toBeUndefined();
      await expect(h.store.nodeData.delete(node.uuid)).resolves.toBe(0);
    });
  });
}
