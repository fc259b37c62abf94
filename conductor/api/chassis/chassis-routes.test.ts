import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
const json = { 'content-type': 'application/json' };
beforeEach(async () => { t = await buildTestApi(); });
afterEach(async () => { await t.app.close(); });

describe('/v1/chassis', () => {
  it('creates (Ironic 21.4 shape), lists nodes of the chassis and refuses deleting it while it has nodes', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/chassis', headers: { ...v(82), ...json }, payload: '{"description":"c1"}' });
    expect(res.statusCode).toBe(201);
    const chassis = res.json<Record<string, unknown>>();
    expect(Object.keys(chassis)).toEqual(['uuid', 'created_at', 'updated_at', 'description', 'extra', 'links', 'nodes']);
    const id = String(chassis['uuid']);
    await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: JSON.stringify({ driver: 'fake-hardware', chassis_uuid: id }) });
    expect((await t.app.inject({ url: `/v1/chassis/${id}/nodes`, headers: v(82) })).json<{ nodes: unknown[] }>().nodes).toHaveLength(1);
    const refused = await t.app.inject({ method: 'DELETE', url: `/v1/chassis/${id}`, headers: v(82) });
    expect(refused.statusCode).toBe(400);
    expect(faultOf(refused.body).faultstring).toBe(`Cannot complete the requested action because chassis ${id} contains nodes.`);
    expect((await t.app.inject({ url: '/v1/chassis', headers: v(82) })).json()).toEqual({ chassis: [{ uuid: id, description: 'c1', links: chassis['links'] }] });
  });

  it('refuses a node create naming an unknown chassis', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: '{"driver":"fake-hardware","chassis_uuid":"11111111-2222-3333-4444-555555555555"}' });
    expect(res.statusCode).toBe(400);
  });
});
