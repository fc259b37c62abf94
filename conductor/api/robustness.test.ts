import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApi, v, type TestApi } from './testing/build-test-api.js';

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pick = <T>(items: readonly T[]) => T;

function randomJson(pick: Pick, rnd: () => number, depth = 0): unknown {
  const kind = pick(['str', 'num', 'bool', 'null', 'arr', 'obj', 'unicode', 'big']);
  if (depth > 3 || kind === 'str') return pick(['', 'fake-hardware', 'x'.repeat(300), 'CUSTOM_X', 'aa:bb:cc:dd:ee:ff', '/extra/a', '__proto__', 'manage', 'power on']);
  switch (kind) {
    case 'num': return pick([0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER, 42]);
    case 'bool': return rnd() < 0.5;
    case 'null': return null;
    case 'unicode': return '\u0000\u202e\ud83d\ude00é';
    case 'big': return Array.from({ length: 50 }, (_, i) => i);
    case 'arr': return Array.from({ length: Math.floor(rnd() * 4) }, () => randomJson(pick, rnd, depth + 1));
    default: {
      const keys = ['driver', 'name', 'uuid', 'target', 'op', 'path', 'value', 'address', 'node_uuid', 'traits', 'steps',
        'resource_class', 'driver_info', 'extra', 'enabled', 'boot_device', 'logical_disks', 'id', 'bogus', '__proto__', 'constructor'];
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(rnd() * 5); i > 0; i--) out[pick(keys)] = randomJson(pick, rnd, depth + 1);
      return out;
    }
  }
}

function randomPatch(pick: Pick, rnd: () => number): unknown {
  return Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({
    op: pick(['add', 'replace', 'remove', 'move', 'test', 7]),
    path: pick(['/extra/a', '/driver_info/x~1y', '/name', '/uuid', '', '/', 'extra', '/extra/a/b/c', '/traits/0', '/instance_uuid', '/properties/~2', '/maintenance', '/driver']),
    ...(rnd() < 0.8 ? { value: randomJson(pick, rnd) } : {}),
  }));
}

describe('random requests (bounded fuzz)', () => {
  let t: TestApi;
  let nodeUuid = '';
  beforeAll(async () => {
    t = await buildTestApi({ maxBodyBytes: 64 * 1024 });
    nodeUuid = (await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), 'content-type': 'application/json' }, payload: '{"driver":"fake-hardware","name":"fuzz"}' })).json<{ uuid: string }>().uuid;
    await t.app.inject({ method: 'POST', url: '/v1/ports', headers: { ...v(82), 'content-type': 'application/json' }, payload: JSON.stringify({ node_uuid: nodeUuid, address: '52:54:00:12:34:56' }) });
  });
  afterAll(async () => { await t.app.close(); });

  it('answers 2,000 malformed or random requests with 2xx/4xx and Ironic\'s error body, never 5xx', async () => {
    const rnd = prng(20261121);
    const pick: Pick = (items) => items[Math.floor(rnd() * items.length)] as (typeof items)[number];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const ident = pick(['fuzz', nodeUuid, '11111111-2222-3333-4444-555555555555', 'not-a-uuid', 'x'.repeat(600), '%zz', 'é', 'detail', '..', nodeUuid.toUpperCase()]);
      const path = pick([
        '/v1/nodes', `/v1/nodes/${ident}`, `/v1/nodes/${ident}/states/provision`, `/v1/nodes/${ident}/states/power`, `/v1/nodes/${ident}/states/raid`,
        `/v1/nodes/${ident}/traits/${pick(['CUSTOM_A', 'bad', ''])}`, `/v1/nodes/${ident}/vifs`, `/v1/nodes/${ident}/maintenance`,
        `/v1/nodes/${ident}/management/boot_device`, `/v1/nodes/${ident}/vmedia`, `/v1/nodes/${ident}/history`, '/v1/ports', `/v1/ports/${ident}`,
        '/v1/portgroups', '/v1/chassis', `/v1/chassis/${ident}`, '/v1/allocations', '/v1/deploy_templates', `/v1/drivers/${ident}`,
        '/v1/conductors', '/v1/shards', '/', '/v1', `/${ident}`, '/v1/%', '/v1/nodes/%E0%A4%A',
      ]);
      const query = rnd() < 0.5 ? '' : `?${pick(['limit', 'marker', 'sort_key', 'sort_dir', 'fields', 'detail', 'maintenance', 'bogus', 'reset_interfaces', 'shard', 'node'])}=${pick(['-1', '0', 'abc', 'uuid,name', 'driver_info', 'true', 'maybe', '%zz', '', 'x'.repeat(2000)])}`;
      const method = pick(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const);
      const headers: Record<string, string> = {};
      const version = pick(['1.1', '1.82', '1.89', 'latest', '1.999', 'abc', '2.0', undefined]);
      if (version !== undefined) headers['X-OpenStack-Ironic-API-Version'] = version;
      const contentType = pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml', undefined]);
      if (contentType !== undefined) headers['content-type'] = contentType;
      let payload: string | undefined;
      if (method !== 'GET' && method !== 'DELETE') {
        payload = pick([
          () => JSON.stringify(randomJson(pick, rnd)), () => JSON.stringify(randomPatch(pick, rnd)), () => '{bad json', () => '',
          () => 'x'.repeat(70 * 1024), () => JSON.stringify({ driver: 'fake-hardware', name: `n${i}` }), () => '[[[[[[[[[[]]]]]]]]]]',
        ])();
      }
      const res = await t.app.inject({ method, url: path + query, headers, ...(payload === undefined ? {} : { payload }) });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      expect(res.statusCode, `${method} ${path}${query} ${payload?.slice(0, 200) ?? ''}`).toBeLessThan(500);
      if (res.statusCode >= 400) {
        const fault = JSON.parse((JSON.parse(res.body) as { error_message: string }).error_message) as { faultcode: string };
        expect(fault.faultcode).toBe('Client');
      }
    }
    // The generator must reach handlers, not only the router's 404.
    expect([...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(30);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }, 120_000);
});
