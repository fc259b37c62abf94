import { describe, expect, it } from 'vitest';
import { silentLogger, type JsonObject, type NodeRecord } from '../../../core/index.js';
import { createInMemoryStore } from '../../persistence/in-memory/create-in-memory-store.js';
import { aNode, aPort } from '../../../test/contract/repository-fixtures.js';
import type { NodeTask } from '../node-task.js';
import { applyLldp } from './apply-lldp.js';

const hex = (text: string): string => Buffer.from(text).toString('hex');
const LLDP = [[1, '04001b21a0b1c2'], [2, `05${hex('swp7')}`], [3, '0078'], [5, hex('leaf-12a')], [0, '']];
const MAC = '52:54:00:aa:bb:01';

async function setUp(localLinkConnection: JsonObject, portNode?: string) {
  const store = createInMemoryStore();
  const node = await store.nodes.create(aNode());
  const other = await store.nodes.create(aNode());
  const port = await store.ports.create(aPort(portNode === 'other' ? other.uuid : node.uuid, { address: MAC, local_link_connection: localLinkConnection }));
  const task = { node, log: silentLogger } as unknown as NodeTask & { node: NodeRecord };
  return { store, task, port };
}

const inventory = (lldp: unknown): JsonObject => ({ interfaces: [{ name: 'eno1', mac_address: MAC.toUpperCase(), lldp: lldp as JsonObject }] });

describe('applyLldp (Ironic local_link_connection + parse_lldp hooks)', () => {
  it("fills the port's local_link_connection and adds parsed_lldp by interface name", async () => {
    const { store, task, port } = await setUp({});
    const pluginData = await applyLldp({ store }, task, inventory(LLDP), { firmware_components: [] });
    expect((await store.ports.get(port.uuid))?.local_link_connection).toEqual({ switch_id: '00:1b:21:a0:b1:c2', port_id: 'swp7', switch_info: 'leaf-12a' });
    expect(pluginData).toEqual({
      firmware_components: [],
      parsed_lldp: { eno1: { switch_chassis_id: '00:1b:21:a0:b1:c2', switch_port_id: 'swp7', switch_system_name: 'leaf-12a' } },
    });
  });

  it('only fills what is missing: values an operator set stay', async () => {
    const { store, task, port } = await setUp({ switch_id: 'aa:aa:aa:aa:aa:aa', port_id: 'Ethernet9', network_type: 'managed' });
    await applyLldp({ store }, task, inventory(LLDP), {});
    expect((await store.ports.get(port.uuid))?.local_link_connection).toEqual({
      switch_id: 'aa:aa:aa:aa:aa:aa', port_id: 'Ethernet9', network_type: 'managed', switch_info: 'leaf-12a',
    });
  });

  it("prefers plugin_data.lldp_raw (IPA's lldp collector) over the inventory, and keeps parsed_lldp of other interfaces", async () => {
    const { store, task, port } = await setUp({});
    const raw = [[1, '07' + hex('chassis-x')], [2, `05${hex('swp9')}`], [3, '0078']];
    const pluginData = await applyLldp({ store }, task, inventory([]), { lldp_raw: { eno1: raw }, parsed_lldp: { eno9: { switch_port_id: 'x' } } });
    // A Chassis ID that is not a MAC gives no switch_id (Ironic takes MACs only).
    expect((await store.ports.get(port.uuid))?.local_link_connection).toEqual({ port_id: 'swp9' });
    expect(pluginData['parsed_lldp']).toEqual({ eno9: { switch_port_id: 'x' }, eno1: { switch_chassis_id: 'chassis-x', switch_port_id: 'swp9' } });
  });

  it('leaves the port alone without LLDP, for a port of another node, and when the Port ID does not decode', async () => {
    const undecodable = [[1, '04001b21a0b1c2'], [2, '06ff']]; // agent circuit ID: Ironic gives up on the port
    for (const [lldp, owner] of [[null, 'this'], [[], 'this'], [LLDP, 'other'], [undecodable, 'this']] as const) {
      const { store, task, port } = await setUp({}, owner);
      await applyLldp({ store }, task, inventory(lldp), {});
      expect((await store.ports.get(port.uuid))?.local_link_connection, JSON.stringify([lldp, owner])).toEqual({});
    }
  });

  it('adds no parsed_lldp when no interface has LLDP to show', async () => {
    const { store, task } = await setUp({});
    expect(await applyLldp({ store }, task, inventory(null), { a: 1 })).toEqual({ a: 1 });
    expect(await applyLldp({ store }, task, inventory([]), { a: 1 })).toEqual({ a: 1 });
  });
});
