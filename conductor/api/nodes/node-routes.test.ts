import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

// Bodies and messages below were compared with Ironic 21.4 (API 1.82) answering the same requests
// on 127.0.0.1:16385 (shared/peers/ironic): create/show field sets at 1.1, 1.13 and 1.82, schema
// errors, name/uuid errors, limit/sort/marker/boolean messages, patch path errors.

let t: TestApi;
beforeEach(async () => { t = await buildTestApi(); });
afterEach(async () => { await t.app.close(); });

const json = { 'content-type': 'application/json' };
async function create(body: Record<string, unknown>, minor = 82) {
  return t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(minor), ...json }, payload: JSON.stringify(body) });
}

describe('POST /v1/nodes', () => {
  it('creates an enroll node at >= 1.11 with 201, Location and Ironic field order', async () => {
    const res = await create({ driver: 'fake-hardware', name: 'n1' });
    expect(res.statusCode).toBe(201);
    const node = res.json<Record<string, unknown>>();
    expect(res.headers['location']).toBe(`http://ironic.test:6385/v1/nodes/${String(node['uuid'])}`);
    expect(node['provision_state']).toBe('enroll');
    expect(node['power_state']).toBeNull();
    expect(node['power_interface']).toBe('fake');
    expect(Object.keys(node).slice(0, 5)).toEqual(['uuid', 'created_at', 'updated_at', 'automated_clean', 'bios_interface']);
    expect(Object.keys(node).slice(-8)).toEqual(['links', 'conductor', 'allocation_uuid', 'chassis_uuid', 'ports', 'states', 'portgroups', 'volume']);
    expect(node['conductor']).toBe('test-conductor');
  });

  it('creates an available node and hides newer fields without a version header (1.1)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: json, payload: '{"driver":"fake-hardware"}' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-openstack-ironic-api-version']).toBe('1.1');
    const node = res.json<Record<string, unknown>>();
    expect(node['provision_state']).toBe('available');
    // The exact key set Ironic 21.4 returns at 1.1.
    expect(Object.keys(node)).toEqual([
      'uuid', 'created_at', 'updated_at', 'console_enabled', 'driver', 'driver_info', 'extra', 'instance_info',
      'instance_uuid', 'last_error', 'maintenance', 'maintenance_reason', 'power_state', 'properties', 'provision_state',
      'provision_updated_at', 'reservation', 'target_power_state', 'target_provision_state', 'links', 'chassis_uuid', 'ports',
    ]);
  });

  it('masks secrets in driver_info as ******', async () => {
    const res = await create({ driver: 'fake-hardware', driver_info: { ipmi_password: 'x', redfish_password: 'y', bar_token: 't', a: 1, nested: { secret: 's' } } });
    expect(res.json<{ driver_info: unknown }>().driver_info).toEqual({
      ipmi_password: '******', redfish_password: '******', bar_token: '******', a: 1, nested: { secret: '******' },
    });
  });

  it.each([
    [{ driver: 'fake-hardware', bogus: 1 }, 400, "Schema error for node: Additional properties are not allowed ('bogus' was unexpected)"],
    [{ name: 'x' }, 400, "Schema error for node: 'driver' is a required property"],
    [{ driver: 'fake-hardware', driver_info: 'str' }, 400, "Schema error for node: 'str' is not of type 'object', 'null'"],
    [{ driver: 'fake-hardware', name: 'bad name' }, 400, "Cannot create node with invalid name 'bad name'"],
    [{ driver: 'fake-hardware', uuid: 'notuuid' }, 400, 'Expected UUID for uuid: notuuid'],
    [{ driver: 'nope' }, 400, 'No valid host was found. Reason: No conductor service registered which supports driver nope for conductor group "".'],
  ])('refuses %j with %i', async (body, status, message) => {
    const res = await create(body);
    expect(res.statusCode).toBe(status);
    expect(faultOf(res.body)).toEqual({ faultcode: 'Client', faultstring: message, debuginfo: null });
  });

  it('answers 406 for a field newer than the request (resource_class at 1.10)', async () => {
    const res = await create({ driver: 'fake-hardware', resource_class: 'x' }, 10);
    expect(res.statusCode).toBe(406);
    expect(faultOf(res.body).faultstring).toBe('Request not acceptable.');
  });

  it('refuses a duplicate name with 409', async () => {
    await create({ driver: 'fake-hardware', name: 'dup' });
    const res = await create({ driver: 'fake-hardware', name: 'dup' });
    expect(res.statusCode).toBe(409);
    expect(faultOf(res.body).faultstring).toBe('A node with name dup already exists.');
  });

  it('refuses an array body and a bad list element type', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: '[1]' });
    expect(res.statusCode).toBe(400);
    expect(faultOf(res.body).faultstring).toBe("Schema error for node: [1] is not of type 'object'");
  });
});

describe('GET /v1/nodes', () => {
  beforeEach(async () => {
    for (let i = 0; i < 5; i++) await create({ driver: 'fake-hardware', name: `node-${i}`, resource_class: i % 2 ? 'odd' : 'even' });
  });

  it('lists the default fields plus links', async () => {
    const res = await t.app.inject({ url: '/v1/nodes', headers: v(82) });
    const nodes = res.json<{ nodes: Array<Record<string, unknown>> }>().nodes;
    expect(nodes).toHaveLength(5);
    expect(Object.keys(nodes[0] ?? {})).toEqual(['uuid', 'instance_uuid', 'maintenance', 'name', 'power_state', 'provision_state', 'links']);
    expect(res.json<Record<string, unknown>>()['next']).toBeUndefined();
  });

  it('gives a next link only when the page is full, carrying the other parameters', async () => {
    const page1 = (await t.app.inject({ url: '/v1/nodes?resource_class=even&limit=2', headers: v(82) })).json<{ nodes: Array<{ uuid: string }>; next?: string }>();
    expect(page1.nodes).toHaveLength(2);
    expect(page1.next).toBe(`http://ironic.test:6385/v1/nodes?resource_class=even&limit=2&marker=${page1.nodes[1]?.uuid ?? ''}`);
    const page2 = (await t.app.inject({ url: page1.next?.replace('http://ironic.test:6385', '') ?? '', headers: v(82) })).json<{ nodes: unknown[]; next?: string }>();
    expect(page2.nodes).toHaveLength(1);
    expect(page2.next).toBeUndefined();
  });

  it('shows full nodes for /detail and detail=True', async () => {
    for (const url of ['/v1/nodes/detail', '/v1/nodes?detail=True']) {
      const nodes = (await t.app.inject({ url, headers: v(82) })).json<{ nodes: Array<Record<string, unknown>> }>().nodes;
      expect(nodes[0]).toHaveProperty('driver_info');
      expect(nodes[0]).toHaveProperty('states');
    }
  });

  it('filters by fields, resource_class and driver', async () => {
    const res = await t.app.inject({ url: '/v1/nodes?fields=uuid,resource_class&resource_class=odd', headers: v(82) });
    const nodes = res.json<{ nodes: Array<Record<string, unknown>> }>().nodes;
    expect(nodes).toHaveLength(2);
    expect(Object.keys(nodes[0] ?? {})).toEqual(['uuid', 'resource_class', 'links']);
    expect((await t.app.inject({ url: '/v1/nodes?driver=ipmi', headers: v(82) })).json<{ nodes: unknown[] }>().nodes).toHaveLength(0);
  });

  it.each([
    ['limit=0', 400, 'Limit must be positive'],
    ['limit=-3', 400, 'Limit must be positive'],
    ['limit=abc', 400, 'Expected an integer for limit: abc'],
    ['sort_key=driver_info', 400, 'The sort_key value driver_info is an invalid field for sorting'],
    ['sort_key=bogus', 400, 'The sort_key value "bogus" is an invalid field for sorting'],
    ['sort_dir=up', 400, "Invalid sort direction: up. Acceptable values are 'asc' or 'desc'"],
    ['maintenance=maybe', 400, "Invalid maintenance: Unrecognized value 'maybe', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'"],
    ['marker=bogus', 400, 'Expected UUID for marker: bogus'],
    ['bogus=1', 400, 'Unexpected arguments: bogus'],
    ['fields=foo,uuid', 400, 'Field(s) "foo" are not valid'],
    ['detail=True&fields=uuid', 400, 'Can not specify ?detail=True and fields in the same request.'],
  ])('refuses ?%s', async (query, status, message) => {
    const res = await t.app.inject({ url: `/v1/nodes?${query}`, headers: v(82) });
    expect(res.statusCode).toBe(status);
    expect(faultOf(res.body).faultstring).toBe(message);
  });

  it('answers 406 for filters newer than the request', async () => {
    expect((await t.app.inject({ url: '/v1/nodes?provision_state=enroll', headers: v(8) })).statusCode).toBe(406);
    expect((await t.app.inject({ url: '/v1/nodes?shard=a', headers: v(81) })).statusCode).toBe(406);
    expect((await t.app.inject({ url: '/v1/nodes?fields=uuid', headers: v(7) })).statusCode).toBe(406);
    expect((await t.app.inject({ url: '/v1/nodes?fields=shard', headers: v(81) })).statusCode).toBe(406);
  });

  it('caps limit at max_limit', async () => {
    await t.app.close();
    t = await buildTestApi({ maxLimit: 2 });
    for (let i = 0; i < 3; i++) await create({ driver: 'fake-hardware' });
    const body = (await t.app.inject({ url: '/v1/nodes?limit=50', headers: v(82) })).json<{ nodes: unknown[]; next?: string }>();
    expect(body.nodes).toHaveLength(2);
    expect(body.next).toContain('limit=2');
  });
});

describe('GET /v1/nodes/{ident}', () => {
  it('finds a node by uuid, by name (>= 1.5), with .json stripped, and 404s otherwise', async () => {
    const uuid = (await create({ driver: 'fake-hardware', name: 'byname' })).json<{ uuid: string }>().uuid;
    expect((await t.app.inject({ url: `/v1/nodes/${uuid}`, headers: v(82) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/v1/nodes/${uuid.toUpperCase()}`, headers: v(82) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/v1/nodes/byname', headers: v(82) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/v1/nodes/byname.json', headers: v(82) })).statusCode).toBe(200);
    const old = await t.app.inject({ url: '/v1/nodes/byname', headers: v(4) });
    expect(old.statusCode).toBe(404);
    const missing = await t.app.inject({ url: '/v1/nodes/foo', headers: v(82) });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe('{"error_message": "{\\"faultcode\\": \\"Client\\", \\"faultstring\\": \\"Node foo could not be found.\\", \\"debuginfo\\": null}"}');
  });

  it('serves paths without /v1 as v1', async () => {
    const uuid = (await create({ driver: 'fake-hardware' })).json<{ uuid: string }>().uuid;
    const res = await t.app.inject({ url: `/nodes/${uuid}?fields=uuid`, headers: v(82) });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json<object>())).toEqual(['uuid', 'links']);
  });
});

describe('DELETE /v1/nodes/{ident}', () => {
  it('deletes an enroll node with 204', async () => {
    const uuid = (await create({ driver: 'fake-hardware' })).json<{ uuid: string }>().uuid;
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/nodes/${uuid}`, headers: v(82) });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await t.store.nodes.get(uuid)).toBeUndefined();
  });

  it('refuses active (409), associated (409) and protected (403) nodes; maintenance lets states through', async () => {
    const uuid = (await create({ driver: 'fake-hardware' })).json<{ uuid: string }>().uuid;
    let node = (await t.store.nodes.get(uuid))!;
    node = await t.store.nodes.update(uuid, node.version, { provision_state: 'active' });
    const active = await t.app.inject({ method: 'DELETE', url: `/v1/nodes/${uuid}`, headers: v(82) });
    expect(active.statusCode).toBe(409);
    expect(faultOf(active.body).faultstring).toContain('while it is in provision state "active"');
    node = await t.store.nodes.update(uuid, node.version, { protected: true });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/nodes/${uuid}`, headers: v(82) })).statusCode).toBe(403);
    node = await t.store.nodes.update(uuid, node.version, { protected: false, instance_uuid: '11111111-2222-3333-4444-555555555555' });
    const associated = await t.app.inject({ method: 'DELETE', url: `/v1/nodes/${uuid}`, headers: v(82) });
    expect(associated.statusCode).toBe(409);
    expect(faultOf(associated.body).faultstring).toBe(`Node ${uuid} is associated with instance 11111111-2222-3333-4444-555555555555.`);
    await t.store.nodes.update(uuid, node.version, { maintenance: true });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/nodes/${uuid}`, headers: v(82) })).statusCode).toBe(204);
  });

  it('refuses a reserved node with 409 NodeLocked', async () => {
    const uuid = (await create({ driver: 'fake-hardware' })).json<{ uuid: string }>().uuid;
    await t.store.nodes.reserve(uuid, 'other-host');
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/nodes/${uuid}`, headers: v(82) });
    expect(res.statusCode).toBe(409);
    expect(faultOf(res.body).faultstring).toBe(`Node ${uuid} is locked by host other-host, please retry after the current operation is completed.`);
  });
});
