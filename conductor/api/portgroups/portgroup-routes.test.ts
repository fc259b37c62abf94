import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
let node: string;
const json = { 'content-type': 'application/json' };
beforeEach(async () => {
  t = await buildTestApi();
  node = (await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: '{"driver":"fake-hardware"}' })).json<{ uuid: string }>().uuid;
});
afterEach(async () => { await t.app.close(); });

describe('/v1/portgroups (1.23)', () => {
  it('creates, lists under the node, groups ports and refuses deleting a non-empty group', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/portgroups', headers: { ...v(82), ...json }, payload: JSON.stringify({ node_uuid: node, name: 'bond0', address: '52:54:00:AA:00:01', mode: '802.3ad' }) });
    expect(res.statusCode).toBe(201);
    const group = res.json<{ uuid: string; address: string; ports: unknown }>();
    expect(group.address).toBe('52:54:00:aa:00:01');
    expect(group.ports).toEqual([{ href: `http://ironic.test:6385/v1/portgroups/${group.uuid}/ports`, rel: 'self' }, { href: `http://ironic.test:6385/portgroups/${group.uuid}/ports`, rel: 'bookmark' }]);
    expect((await t.app.inject({ url: `/v1/nodes/${node}/portgroups`, headers: v(82) })).json()).toMatchObject({ portgroups: [{ uuid: group.uuid, name: 'bond0' }] });
    await t.app.inject({ method: 'POST', url: '/v1/ports', headers: { ...v(82), ...json }, payload: JSON.stringify({ node_uuid: node, address: '52:54:00:aa:00:02', portgroup_uuid: group.uuid }) });
    expect((await t.app.inject({ url: `/v1/portgroups/bond0/ports`, headers: v(82) })).json<{ ports: unknown[] }>().ports).toHaveLength(1);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/portgroups/${group.uuid}`, headers: v(82) })).statusCode).toBe(400);
  });

  it('is hidden before 1.23 and mode is refused before 1.26', async () => {
    expect((await t.app.inject({ url: '/v1/portgroups', headers: v(22) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/v1/portgroups', headers: { ...v(25), ...json }, payload: JSON.stringify({ node_uuid: node, mode: 'x' }) })).statusCode).toBe(406);
  });
});
