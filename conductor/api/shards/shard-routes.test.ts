import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
const json = { 'content-type': 'application/json' };
beforeEach(async () => { t = await buildTestApi(); });
afterEach(async () => { await t.app.close(); });

describe('/v1/shards (1.82)', () => {
  it('counts nodes per shard, unset ones as "None" like Ironic 21.4', async () => {
    for (const shard of ['a', 'a', null]) {
      await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: JSON.stringify({ driver: 'fake-hardware', shard }) });
    }
    const shards = (await t.app.inject({ url: '/v1/shards', headers: v(82) })).json<{ shards: Array<{ name: string; count: number }> }>().shards;
    expect(shards.sort((x, y) => x.count - y.count)).toEqual([{ name: 'None', count: 1 }, { name: 'a', count: 2 }]);
    expect((await t.app.inject({ url: '/v1/nodes?shard=a', headers: v(82) })).json<{ nodes: unknown[] }>().nodes).toHaveLength(2);
    expect((await t.app.inject({ url: '/v1/shards', headers: v(81) })).statusCode).toBe(404);
  });
});
