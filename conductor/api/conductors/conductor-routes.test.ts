import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
let now = Date.parse('2026-01-01T00:10:00Z');
beforeEach(async () => {
  t = await buildTestApi({}, { clock: { now: () => now, sleep: async () => undefined } });
  await t.store.conductors.register({ hostname: 'alive-1', conductor_group: '', drivers: ['fake-hardware'] }, '2026-01-01T00:09:30+00:00');
  await t.store.conductors.register({ hostname: 'stale-1', conductor_group: 'g', drivers: ['ipmi'] }, '2026-01-01T00:00:00+00:00');
});
afterEach(async () => { await t.app.close(); });

describe('/v1/conductors (1.49)', () => {
  it('lists conductors with alive from heartbeat age, detail and marker by hostname', async () => {
    const list = (await t.app.inject({ url: '/v1/conductors?sort_key=hostname', headers: v(82) })).json<{ conductors: Array<Record<string, unknown>> }>();
    expect(list.conductors.map((c) => [c['hostname'], c['alive']])).toEqual([['alive-1', true], ['stale-1', false]]);
    expect(Object.keys(list.conductors[0] ?? {})).toEqual(['hostname', 'conductor_group', 'links', 'alive']);
    const detail = (await t.app.inject({ url: '/v1/conductors?detail=True&sort_key=hostname&limit=1', headers: v(82) })).json<{ conductors: Array<Record<string, unknown>>; next: string }>();
    expect(detail.conductors[0]).toMatchObject({ drivers: ['fake-hardware'] });
    expect(detail.next).toContain('marker=alive-1');
    expect((await t.app.inject({ url: '/v1/conductors?marker=alive-1&sort_key=hostname', headers: v(82) })).json<{ conductors: unknown[] }>().conductors).toHaveLength(1);
    now += 60_000;
    expect((await t.app.inject({ url: '/v1/conductors/alive-1', headers: v(82) })).json()).toMatchObject({ alive: false });
  });

  it('is hidden before 1.49 and 404s unknown hosts', async () => {
    expect((await t.app.inject({ url: '/v1/conductors', headers: v(48) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/v1/conductors/nope', headers: v(82) })).statusCode).toBe(404);
  });
});
