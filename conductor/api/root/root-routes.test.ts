import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
beforeEach(async () => { t = await buildTestApi(); });
afterEach(async () => { await t.app.close(); });

describe('discovery documents', () => {
  it('GET / has Ironic\'s shape with our max version', async () => {
    const res = await t.app.inject({ url: '/' });
    const version = { id: 'v1', links: [{ href: 'http://ironic.test:6385/v1/', rel: 'self' }], status: 'CURRENT', min_version: '1.1', version: '1.89' };
    expect(res.json()).toEqual({
      name: 'OpenStack Ironic API',
      description: 'Ironic is an OpenStack project which enables the provision and management of baremetal machines.',
      default_version: version, versions: [version],
    });
  });

  it('GET /v1 and /v1/ list resources allowed by the version', async () => {
    const old = (await t.app.inject({ url: '/v1' })).json<Record<string, unknown>>();
    expect(Object.keys(old)).toEqual(['id', 'links', 'media_types', 'chassis', 'nodes', 'ports', 'drivers', 'version']);
    const latest = (await t.app.inject({ url: '/v1/', headers: v(89) })).json<Record<string, unknown>>();
    expect(Object.keys(latest)).toEqual(['id', 'links', 'media_types', 'chassis', 'nodes', 'ports', 'drivers', 'version', 'portgroups',
      'volume', 'lookup', 'heartbeat', 'conductors', 'allocations', 'events', 'deploy_templates', 'shards']);
    expect(latest['nodes']).toEqual([{ href: 'http://ironic.test:6385/v1/nodes/', rel: 'self' }, { href: 'http://ironic.test:6385/nodes/', rel: 'bookmark' }]);
  });

  it('uses the Host header when no public URL is configured', async () => {
    await t.app.close();
    t = await buildTestApi({ publicUrl: undefined });
    const res = await t.app.inject({ url: '/', headers: { host: '10.0.0.5:6385' } });
    expect(res.json<{ default_version: { links: Array<{ href: string }> } }>().default_version.links[0]?.href).toBe('http://10.0.0.5:6385/v1/');
  });
});

describe('microversion headers', () => {
  it('stamps every response with min/max/version and a request id', async () => {
    for (const url of ['/', '/v1/nodes', '/v1/nope']) {
      const res = await t.app.inject({ url, headers: v(50) });
      expect(res.headers['x-openstack-ironic-api-minimum-version']).toBe('1.1');
      expect(res.headers['x-openstack-ironic-api-maximum-version']).toBe('1.89');
      expect(res.headers['x-openstack-ironic-api-version']).toBe('1.50');
      expect(res.headers['x-openstack-request-id']).toMatch(/^req-[0-9a-f-]{36}$/);
    }
  });

  it('accepts OpenStack-API-Version: baremetal 1.N and latest', async () => {
    expect((await t.app.inject({ url: '/v1/nodes', headers: { 'OpenStack-API-Version': 'compute 2.1, baremetal 1.50' } })).headers['x-openstack-ironic-api-version']).toBe('1.50');
    expect((await t.app.inject({ url: '/v1/nodes', headers: { 'X-OpenStack-Ironic-API-Version': 'latest' } })).headers['x-openstack-ironic-api-version']).toBe('1.89');
  });

  it('answers 406 with min/max headers for versions out of range (ironicclient negotiates from it)', async () => {
    const res = await t.app.inject({ url: '/v1/nodes', headers: { 'X-OpenStack-Ironic-API-Version': '1.115' } });
    expect(res.statusCode).toBe(406);
    expect(res.headers['x-openstack-ironic-api-maximum-version']).toBe('1.89');
    expect(res.headers['x-openstack-ironic-api-minimum-version']).toBe('1.1');
    expect(faultOf(res.body).faultstring).toBe('Version 1.115 was requested but the minor version is not supported by this service. The supported version range is: [1.1, 1.89].');
    for (const bad of ['abc', '2.1', '1.0', '1.', '']) {
      expect((await t.app.inject({ url: '/v1/nodes', headers: { 'X-OpenStack-Ironic-API-Version': bad } })).statusCode).toBe(406);
    }
  });
});

describe('unknown paths and bodies', () => {
  it('404s with Ironic\'s body for unknown paths and unsupported methods', async () => {
    const res = await t.app.inject({ url: '/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(faultOf(res.body)).toEqual({ faultcode: 'Client', faultstring: 'The resource could not be found.', debuginfo: null });
  });

  it('413 for bodies over the limit, 400 for malformed JSON whatever the media type', async () => {
    await t.app.close();
    t = await buildTestApi({ maxBodyBytes: 100 });
    const big = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ driver: 'x'.repeat(200) }) });
    expect(big.statusCode).toBe(413);
    expect(faultOf(big.body).faultcode).toBe('Client');
    const bad = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { 'content-type': 'application/json' }, payload: '{bad' });
    expect(bad.statusCode).toBe(400);
    expect(faultOf(bad.body).faultstring).toMatch(/^Malformed JSON in request body/);
    const xml = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(400);
    expect(faultOf(xml.body).faultstring).toMatch(/^Malformed JSON in request body/);
  });

  it('reads JSON sent with another Content-Type, and an empty body as none (ironicclient DELETE /maintenance)', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { 'x-openstack-ironic-api-version': '1.78' }, payload: { driver: 'fake-hardware' } });
    expect(created.statusCode).toBe(201);
    const uuid = created.json<{ uuid: string }>().uuid;
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/nodes/${uuid}/maintenance`, headers: { 'content-type': 'application/octet-stream', 'x-openstack-ironic-api-version': '1.78' } });
    expect(res.statusCode).toBe(202);
    const text = await t.app.inject({ method: 'PATCH', url: `/v1/nodes/${uuid}`, headers: { 'content-type': 'text/plain', 'x-openstack-ironic-api-version': '1.78' }, payload: JSON.stringify([{ op: 'add', path: '/extra/a', value: 1 }]) });
    expect(text.statusCode).toBe(200);
  });

  it('ignores a trailing slash, as ironicclient sends GET /v1/ports/?node=<uuid>', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { 'x-openstack-ironic-api-version': '1.78' }, payload: { driver: 'fake-hardware' } });
    const uuid = created.json<{ uuid: string }>().uuid;
    const res = await t.app.inject({ url: `/v1/ports/?node=${uuid}`, headers: { 'x-openstack-ironic-api-version': '1.78' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ports: [] });
    expect((await t.app.inject({ url: '/v1/' })).statusCode).toBe(200);
  });

  it('serves /history/detail as the detailed history list (ironicclient `node history list --long`)', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { 'x-openstack-ironic-api-version': '1.78' }, payload: { driver: 'fake-hardware' } });
    const uuid = created.json<{ uuid: string }>().uuid;
    const res = await t.app.inject({ url: `/v1/nodes/${uuid}/history/detail`, headers: { 'x-openstack-ironic-api-version': '1.78' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveProperty('history');
  });

  it('serves the OpenAPI document and Prometheus metrics', async () => {
    const openapi = (await t.app.inject({ url: '/v1/openapi.json' })).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(openapi.openapi).toMatch(/^3\./);
    expect(openapi.paths).toHaveProperty('/v1/nodes/{ident}');
    await t.app.inject({ url: '/v1/nodes' });
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('ferro_api_requests_total{method="GET",route="/v1/nodes",status="200"} 1');
    expect(metrics).toContain('ferro_nodes{provision_state="enroll"} 0');
    expect(metrics).toContain('ferro_api_request_duration_seconds_bucket');
  });
});
