import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
const json = { 'content-type': 'application/json' };
beforeEach(async () => { t = await buildTestApi(); });
afterEach(async () => { await t.app.close(); });

async function availableNode(name: string, resourceClass: string, traits: string[] = []): Promise<string> {
  const uuid = (await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: JSON.stringify({ driver: 'fake-hardware', name, resource_class: resourceClass }) })).json<{ uuid: string }>().uuid;
  const node = await t.store.nodes.get(uuid);
  await t.store.nodes.update(uuid, node?.version ?? 0, { provision_state: 'available', traits });
  return uuid;
}
function post(body: unknown, minor = 82) {
  return t.app.inject({ method: 'POST', url: '/v1/allocations', headers: { ...v(minor), ...json }, payload: JSON.stringify(body) });
}

describe('/v1/allocations (1.52)', () => {
  it('picks an available node with the resource class and traits, and associates it', async () => {
    await availableNode('small', 'baremetal');
    const wanted = await availableNode('gpu', 'baremetal', ['CUSTOM_GPU']);
    const res = await post({ resource_class: 'baremetal', traits: ['CUSTOM_GPU'], name: 'alloc-1' });
    expect(res.statusCode).toBe(201);
    const allocation = res.json<Record<string, unknown>>();
    expect(allocation).toMatchObject({ state: 'active', node_uuid: wanted, last_error: null, resource_class: 'baremetal', traits: ['CUSTOM_GPU'] });
    const node = await t.store.nodes.get(wanted);
    expect(node?.allocation_uuid).toBe(allocation['uuid']);
    expect(node?.instance_uuid).toBe(allocation['uuid']);
    expect((await t.app.inject({ url: `/v1/nodes/${wanted}/allocation`, headers: v(82) })).json()).toMatchObject({ name: 'alloc-1' });
  });

  it('ends in error with last_error when nothing matches', async () => {
    const res = await post({ resource_class: 'nothing' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: 'error', node_uuid: null });
    expect(res.json<{ last_error: string }>().last_error).toContain('no available nodes match the resource class nothing');
  });

  it('never gives the same node twice', async () => {
    await availableNode('only', 'rc');
    const results = await Promise.all([post({ resource_class: 'rc' }), post({ resource_class: 'rc' })]);
    expect(results.map((r) => r.json<{ state: string }>().state).sort()).toEqual(['active', 'error']);
  });

  it('validates the body and gates by version', async () => {
    expect(faultOf((await post({})).body).faultstring).toBe('The resource_class field is mandatory when not backfilling');
    expect((await post({ resource_class: 'rc', traits: ['bad'] })).statusCode).toBe(400);
    expect((await post({ resource_class: 'rc' }, 51)).statusCode).toBe(404);
    expect((await post({ resource_class: 'rc', owner: 'p' }, 59)).statusCode).toBe(406);
  });

  it('deletes an allocation and frees its node; refuses while the node is active', async () => {
    const uuid = await availableNode('n', 'rc');
    const allocation = (await post({ resource_class: 'rc' })).json<{ uuid: string }>();
    expect((await t.app.inject({ url: '/v1/allocations', headers: v(82) })).json<{ allocations: unknown[] }>().allocations).toHaveLength(1);
    let node = await t.store.nodes.get(uuid);
    node = await t.store.nodes.update(uuid, node?.version ?? 0, { provision_state: 'active' });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/allocations/${allocation.uuid}`, headers: v(82) })).statusCode).toBe(409);
    await t.store.nodes.update(uuid, node.version, { provision_state: 'available' });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/allocations/${allocation.uuid}`, headers: v(82) })).statusCode).toBe(204);
    expect(await t.store.nodes.get(uuid)).toMatchObject({ allocation_uuid: null, instance_uuid: null });
  });

  it('backfills an allocation for a named node (1.58)', async () => {
    const uuid = await availableNode('bf', 'rc');
    const res = await post({ node: 'bf' });
    expect(res.json()).toMatchObject({ state: 'active', node_uuid: uuid, resource_class: 'rc' });
  });
});
