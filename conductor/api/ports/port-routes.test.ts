import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
let node: string;
const json = { 'content-type': 'application/json' };
beforeEach(async () => {
  t = await buildTestApi();
  node = (await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: '{"driver":"fake-hardware","name":"pnode"}' })).json<{ uuid: string }>().uuid;
});
afterEach(async () => { await t.app.close(); });

function post(body: unknown, minor = 82) {
  return t.app.inject({ method: 'POST', url: '/v1/ports', headers: { ...v(minor), ...json }, payload: JSON.stringify(body) });
}

describe('/v1/ports', () => {
  it('creates a port with a lower-cased MAC, 201 and Location', async () => {
    const res = await post({ node_uuid: node, address: 'AA:BB:CC:DD:EE:FF', pxe_enabled: false, local_link_connection: { switch_id: '0a:1b:2c:3d:4e:5f', port_id: 'Eth1' } });
    expect(res.statusCode).toBe(201);
    const port = res.json<Record<string, unknown>>();
    expect(port['address']).toBe('aa:bb:cc:dd:ee:ff');
    expect(port['pxe_enabled']).toBe(false);
    expect(res.headers['location']).toBe(`http://ironic.test:6385/v1/ports/${String(port['uuid'])}`);
    expect(Object.keys(port)).toEqual(['uuid', 'address', 'created_at', 'updated_at', 'extra', 'internal_info', 'is_smartnic',
      'local_link_connection', 'node_uuid', 'physical_network', 'portgroup_uuid', 'pxe_enabled', 'links']);
  });

  it.each([
    [{ node_uuid: 'n', address: 'zz' }, 400, 'Expected valid MAC address for address: zz'],
    [{ node_uuid: '11111111-2222-3333-4444-555555555555', address: 'aa:bb:cc:dd:ee:00' }, 400, 'Node 11111111-2222-3333-4444-555555555555 could not be found.'],
    [{ address: 'aa:bb:cc:dd:ee:00' }, 400, "Schema error for port: 'node_uuid' is a required property"],
    [{ node_uuid: 'x', address: 'aa:bb:cc:dd:ee:00', bogus: 1 }, 400, "Schema error for port: Additional properties are not allowed ('bogus' was unexpected)"],
  ])('refuses %j', async (body, status, message) => {
    const res = await post(body);
    expect(res.statusCode).toBe(status);
    expect(faultOf(res.body).faultstring).toBe(message);
  });

  it('refuses a duplicate MAC with 409 and Ironic\'s message', async () => {
    await post({ node_uuid: node, address: 'aa:bb:cc:dd:ee:ff' });
    const res = await post({ node_uuid: node, address: 'AA-BB-CC-DD-EE-FF' });
    expect(res.statusCode).toBe(409);
    expect(faultOf(res.body).faultstring).toBe('A port with MAC address aa:bb:cc:dd:ee:ff already exists.');
  });

  it('gates fields by version: name 1.88, physical_network 1.34', async () => {
    expect((await post({ node_uuid: node, address: 'aa:bb:cc:dd:ee:01', name: 'p1' }, 87)).statusCode).toBe(406);
    const port = (await post({ node_uuid: node, address: 'aa:bb:cc:dd:ee:01', name: 'p1' }, 89)).json<{ uuid: string }>();
    const old = (await t.app.inject({ url: `/v1/ports/${port.uuid}`, headers: v(33) })).json<Record<string, unknown>>();
    expect(old).not.toHaveProperty('physical_network');
    expect(old).not.toHaveProperty('name');
    expect((await t.app.inject({ url: '/v1/ports/p1', headers: v(89) })).statusCode).toBe(200);
  });

  it('lists with filters, detail and fields, and under the node', async () => {
    await post({ node_uuid: node, address: 'aa:bb:cc:dd:ee:01' });
    await post({ node_uuid: node, address: 'aa:bb:cc:dd:ee:02' });
    const list = (await t.app.inject({ url: '/v1/ports?address=AA:BB:CC:DD:EE:02', headers: v(82) })).json<{ ports: Array<Record<string, unknown>> }>();
    expect(list.ports).toHaveLength(1);
    expect(Object.keys(list.ports[0] ?? {})).toEqual(['uuid', 'address', 'links']);
    expect((await t.app.inject({ url: '/v1/ports?node=pnode&fields=uuid,node_uuid', headers: v(82) })).json<{ ports: unknown[] }>().ports).toHaveLength(2);
    expect((await t.app.inject({ url: '/v1/ports/detail', headers: v(82) })).json<{ ports: Array<Record<string, unknown>> }>().ports[0]).toHaveProperty('extra');
    expect((await t.app.inject({ url: `/v1/nodes/${node}/ports`, headers: v(82) })).json<{ ports: unknown[] }>().ports).toHaveLength(2);
    const paged = (await t.app.inject({ url: '/v1/ports?limit=1', headers: v(82) })).json<{ next?: string }>();
    expect(paged.next).toMatch(/^http:\/\/ironic\.test:6385\/v1\/ports\?limit=1&marker=/);
  });

  it('patches and deletes a port', async () => {
    const port = (await post({ node_uuid: node, address: 'aa:bb:cc:dd:ee:01' })).json<{ uuid: string }>();
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/ports/${port.uuid}`, headers: { ...v(82), ...json },
      payload: JSON.stringify([{ op: 'replace', path: '/address', value: 'AA:BB:CC:DD:EE:09' }, { op: 'add', path: '/extra/k', value: 'v' }]) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ address: 'aa:bb:cc:dd:ee:09', extra: { k: 'v' } });
    const ro = await t.app.inject({ method: 'PATCH', url: `/v1/ports/${port.uuid}`, headers: { ...v(82), ...json }, payload: '[{"op":"replace","path":"/internal_info","value":{}}]' });
    expect(ro.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/ports/${port.uuid}`, headers: v(82) })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/v1/ports/${port.uuid}`, headers: v(82) })).statusCode).toBe(404);
  });
});
