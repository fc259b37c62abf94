import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../core/index.js';
import { ADMIN, createConductorHarness, type ConductorHarness } from '../../../test/support/conductor-harness.js';
import { createNodeDataReaders } from '../../workers/index.js';
import { buildApi } from '../build-api.js';
import { faultOf, v } from '../testing/build-test-api.js';

// The conductor (fake hardware, in-memory store) and the API over the same store: what the workers cache
// after inspection, cleaning and verification is what GET .../inventory, /bios and /firmware serve.
let h: ConductorHarness;
let app: Awaited<ReturnType<typeof buildApi>>;
beforeEach(async () => {
  h = createConductorHarness();
  app = await buildApi({
    store: h.deps.store, actions: h.actions, log: pino({ level: 'silent' }), hostname: 'conductor-a', metrics: new Registry(),
    config: { authStrategy: 'noauth', maxLimit: 1000, debug: false, maxBodyBytes: 1 << 20, publicUrl: 'http://ironic.test:6385' },
    readers: createNodeDataReaders(h.deps.store),
  });
});
afterEach(async () => { await app.close(); });

async function get<T = Record<string, unknown>>(path: string, minor = 89): Promise<T> {
  const res = await app.inject({ method: 'GET', url: `/v1/nodes/${path}`, headers: v(minor) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

async function clean(uuid: string, steps: JsonObject[]): Promise<void> {
  await h.actions.provision(uuid, { target: 'clean', clean_steps: steps }, ADMIN);
  await h.settle();
  expect((await h.node(uuid)).provision_state).toBe('manageable');
}

async function historyEvents(uuid: string): Promise<string[]> {
  const events = await h.deps.store.history.list(uuid, { limit: 100, sortKey: 'id', sortDir: 'asc' });
  return events.map((e) => e.event);
}

describe('inspection inventory', () => {
  it('is stored by inspection and served with plugin data; properties and the PXE port come with it', async () => {
    const { uuid } = await h.addNode({ provision_state: 'manageable', driver_info: { fake_cpus: 4, fake_local_gb: 50 } });
    const missing = await app.inject({ method: 'GET', url: `/v1/nodes/${uuid}/inventory`, headers: v(81) });
    expect(faultOf(missing.body).faultstring).toBe(`Node inventory record for node ${uuid} could not be found.`);
    await h.actions.provision(uuid, { target: 'inspect' }, ADMIN);
    await h.settle();
    const body = await get<{ inventory: Record<string, unknown>; plugin_data: unknown }>(`${uuid}/inventory`, 81);
    expect(body.plugin_data).toEqual({});
    expect(body.inventory).toMatchObject({ cpu: { count: 4, architecture: 'x86_64' }, disks: [{ size: 51 * 1024 ** 3 }], boot: { current_boot_mode: 'uefi' } });
    const node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'manageable', properties: { cpus: 4, local_gb: 50, memory_mb: 16384, cpu_arch: 'x86_64', capabilities: 'boot_mode:uefi' } });
    const ports = await h.deps.store.ports.list({ node_uuid: uuid }, { limit: 10, sortKey: 'id', sortDir: 'asc' });
    expect(ports.map((p) => p.address)).toEqual([(body.inventory['boot'] as { pxe_interface: string }).pxe_interface]);
    expect(await historyEvents(uuid)).toContain('Inspection inventory stored');
  });
});

describe('BIOS settings', () => {
  it('are cached at the start of cleaning and refreshed after apply_configuration, with a history event', async () => {
    const { uuid } = await h.addNode({ provision_state: 'manageable', name: 'bios-node' });
    await clean(uuid, [{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'ProcVirtualization', value: 'Disabled' }] } }]);
    const { bios } = await get<{ bios: Array<Record<string, unknown>> }>(`${uuid}/bios`);
    expect(bios.map((s) => [s['name'], s['value']])).toEqual([['BootMode', 'Uefi'], ['ProcVirtualization', 'Disabled'], ['SriovGlobalEnable', 'Disabled']]);
    expect(Object.keys(bios[1] ?? {})).toEqual(['created_at', 'updated_at', 'name', 'value', 'links']);
    expect(bios[1]?.['updated_at']).not.toBeNull();
    expect(bios[0]?.['updated_at']).toBeNull();
    expect(await historyEvents(uuid)).toEqual(expect.arrayContaining(['BIOS settings cached: 3 added', 'BIOS settings cached: 1 changed (ProcVirtualization)']));
    const one = await get(`bios-node/bios/ProcVirtualization`, 74);
    expect(one).toMatchObject({ ProcVirtualization: { name: 'ProcVirtualization', value: 'Disabled', allowable_values: [], read_only: null } });
    expect((one['ProcVirtualization'] as { links: Array<{ href: string }> }).links[0]?.href).toBe(`http://ironic.test:6385/v1/nodes/${uuid}/bios/ProcVirtualization`);
  });

  it('follows Ironic for detail and fields: registry fields at 1.74, refused before, list links under the ident asked for', async () => {
    const { uuid } = await h.addNode({ provision_state: 'manageable', name: 'bios-detail' });
    await clean(uuid, [{ interface: 'bios', step: 'factory_reset', args: {} }]);
    const detail = await get<{ bios: Array<Record<string, unknown>> }>('bios-detail/bios?detail=True', 74);
    expect(Object.keys(detail.bios[0] ?? {})).toEqual(['created_at', 'updated_at', 'name', 'value', 'attribute_type', 'allowable_values', 'lower_bound', 'max_length', 'min_length', 'read_only', 'reset_required', 'unique', 'upper_bound', 'links']);
    expect((detail.bios[0]?.['links'] as Array<{ href: string }>)[0]?.href).toBe('http://ironic.test:6385/v1/nodes/bios-detail/bios/BootMode');
    const fields = await get<{ bios: Array<Record<string, unknown>> }>(`${uuid}/bios?fields=value`, 74);
    expect(Object.keys(fields.bios[0] ?? {})).toEqual(['created_at', 'updated_at', 'value', 'links']);
    const old = await app.inject({ method: 'GET', url: `/v1/nodes/${uuid}/bios?detail=false`, headers: v(73) });
    expect(faultOf(old.body).faultstring).toBe('Invalid query parameter ?detail=False received.');
    const both = await app.inject({ method: 'GET', url: `/v1/nodes/${uuid}/bios?detail=True&fields=name`, headers: v(74) });
    expect(faultOf(both.body).faultstring).toBe('Can not specify ?detail=True and fields in the same request.');
    const oldFields = await app.inject({ method: 'GET', url: `/v1/nodes/${uuid}/bios?fields=name,value`, headers: v(73) });
    expect(faultOf(oldFields.body).faultstring).toBe("Invalid query parameter ?fields=['name', 'value'] received.");
  });

  it('stay absent for a node with no-bios, and verification caches them for one that has BIOS', async () => {
    const { uuid: none } = await h.addNode({ provision_state: 'manageable', bios_interface: 'no-bios' });
    await clean(none, [{ interface: 'power', step: 'power_on', args: {} }]);
    expect(await get(`${none}/bios`)).toEqual({ bios: [] });
    expect(await h.deps.store.nodeData.get(none, 'bios')).toBeUndefined();
    expect(await h.deps.store.nodeData.get(none, 'firmware')).toBeDefined();
    const { uuid } = await h.addNode();
    await h.actions.provision(uuid, { target: 'manage' }, ADMIN);
    await h.settle();
    expect((await h.node(uuid)).provision_state).toBe('manageable');
    expect((await get<{ bios: unknown[] }>(`${uuid}/bios`)).bios).toHaveLength(3);
  });
});

describe('firmware components', () => {
  it('keep the initial version and show the new current version after an update step', async () => {
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await clean(uuid, [{ interface: 'firmware', step: 'update', args: { settings: [{ component: 'bios', url: 'http://images/bios.bin' }] } }]);
    const { firmware } = await get<{ firmware: Array<Record<string, unknown>> }>(`${uuid}/firmware`, 86);
    expect(firmware).toEqual([
      expect.objectContaining({ component: 'bios', initial_version: '1.0.0', current_version: '1.0.1', last_version_flashed: '1.0.1' }),
      expect.objectContaining({ component: 'bmc', initial_version: '2.0.0', current_version: '2.0.0', last_version_flashed: null, updated_at: null }),
    ]);
    expect(Object.keys(firmware[0] ?? {})).toEqual(['created_at', 'updated_at', 'component', 'initial_version', 'current_version', 'last_version_flashed']);
    expect(await historyEvents(uuid)).toContain('Firmware components cached: updated bios 1.0.0 -> 1.0.1');
    expect(await get(`${uuid}/firmware?fields=component`, 86)).toMatchObject({ firmware: [{ component: 'bios' }, { component: 'bmc' }] });
  });
});

describe('RAID configuration', () => {
  it('is set from the logical disks a create step built, with the root volume in properties, and cleared by delete', async () => {
    const { uuid } = await h.addNode({ provision_state: 'manageable', target_raid_config: { logical_disks: [{ size_gb: 100, raid_level: '1', is_root_volume: true }] } });
    await clean(uuid, [{ interface: 'raid', step: 'create_configuration', args: {} }]);
    const built = await h.node(uuid);
    expect(built.raid_config).toMatchObject({ logical_disks: [{ size_gb: 100, raid_level: '1', is_root_volume: true }], last_updated: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/) as unknown });
    expect(built.properties).toMatchObject({ local_gb: 100, capabilities: 'raid_level:1' });
    await clean(uuid, [{ interface: 'raid', step: 'delete_configuration', args: {} }]);
    expect((await h.node(uuid)).raid_config).toEqual({});
    expect(await historyEvents(uuid)).toEqual(expect.arrayContaining(['RAID configuration updated: 1 logical disk(s)', 'RAID configuration cleared']));
  });
});

describe('node delete', () => {
  it('removes the node data with the node', async () => {
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await h.actions.provision(uuid, { target: 'inspect' }, ADMIN);
    await h.settle();
    expect(await h.deps.store.nodeData.get(uuid, 'inventory')).toBeDefined();
    expect(await h.deps.store.nodeData.get(uuid, 'firmware')).toBeDefined();
    const res = await app.inject({ method: 'DELETE', url: `/v1/nodes/${uuid}`, headers: v(89) });
    expect(res.statusCode).toBe(204);
    for (const kind of ['inventory', 'plugin_data', 'firmware'] as const) {
      expect(await h.deps.store.nodeData.get(uuid, kind)).toBeUndefined();
    }
  });
});
