import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
let uuid: string;
const json = { 'content-type': 'application/json' };
beforeEach(async () => {
  t = await buildTestApi({}, { readers: { inventory: async (id) => (id === 'none' ? undefined : { inventory: { cpu: { count: 2 } }, plugin_data: {} }) } });
  uuid = (await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: '{"driver":"fake-hardware"}' })).json<{ uuid: string }>().uuid;
});
afterEach(async () => { await t.app.close(); });

function call(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown, minor = 89) {
  const url = `/v1/nodes/${uuid}${path}`;
  if (body === undefined) return t.app.inject({ method, url, headers: v(minor) });
  return t.app.inject({ method, url, headers: { ...v(minor), ...json }, payload: JSON.stringify(body) });
}

describe('traits (1.37)', () => {
  it('replaces, adds, lists and removes traits', async () => {
    expect((await call('PUT', '/traits', { traits: ['CUSTOM_A', 'HW_CPU_X86_AVX2'] })).statusCode).toBe(204);
    expect((await call('PUT', '/traits/CUSTOM_B')).statusCode).toBe(204);
    expect((await call('GET', '/traits')).json()).toEqual({ traits: ['CUSTOM_A', 'HW_CPU_X86_AVX2', 'CUSTOM_B'] });
    expect((await call('DELETE', '/traits/CUSTOM_A')).statusCode).toBe(204);
    const missing = await call('DELETE', '/traits/CUSTOM_A');
    expect(missing.statusCode).toBe(404);
    expect(faultOf(missing.body).faultstring).toBe(`Node ${uuid} doesn't have a trait CUSTOM_A`);
    expect((await call('DELETE', '/traits')).statusCode).toBe(204);
    expect((await call('GET', '/traits')).json()).toEqual({ traits: [] });
  });

  it('refuses bad trait names (400) and old versions (404)', async () => {
    expect((await call('PUT', '/traits/lower_case')).statusCode).toBe(400);
    expect((await call('PUT', '/traits', { traits: ['CUSTOM_ok', 'x'] })).statusCode).toBe(400);
    expect((await call('GET', '/traits', undefined, 36)).statusCode).toBe(404);
  });
});

describe('vifs (1.28)', () => {
  it('attaches to a free port (stored in internal_info), lists and detaches', async () => {
    const port = (await t.app.inject({ method: 'POST', url: '/v1/ports', headers: { ...v(82), ...json }, payload: JSON.stringify({ node_uuid: uuid, address: '52:54:00:00:00:01' }) })).json<{ uuid: string }>();
    expect((await call('POST', '/vifs', { id: 'vif-1' })).statusCode).toBe(204);
    expect((await t.store.ports.get(port.uuid))?.internal_info).toEqual({ tenant_vif_port_id: 'vif-1' });
    expect((await call('GET', '/vifs')).json()).toEqual({ vifs: [{ id: 'vif-1' }] });
    expect((await call('POST', '/vifs', { id: 'vif-1' })).statusCode).toBe(409);
    const full = await call('POST', '/vifs', { id: 'vif-2' });
    expect(faultOf(full.body).faultstring).toBe('Unable to attach VIF vif-2, not enough free physical ports.');
    expect((await call('DELETE', '/vifs/vif-1')).statusCode).toBe(204);
    expect((await call('DELETE', '/vifs/vif-1')).statusCode).toBe(400);
    expect((await call('GET', '/vifs', undefined, 27)).statusCode).toBe(404);
  });
});

describe('read-only node data', () => {
  it('serves bios (empty), inventory (from the reader), history, children and firmware by version', async () => {
    expect((await call('GET', '/bios')).json()).toEqual({ bios: [] });
    expect((await call('GET', '/inventory')).json()).toEqual({ inventory: { cpu: { count: 2 } }, plugin_data: {} });
    expect((await call('GET', '/inventory', undefined, 80)).statusCode).toBe(404);
    expect((await call('GET', '/history')).json()).toEqual({ history: [] });
    expect((await call('GET', '/children')).json()).toEqual({ children: [] });
    expect((await call('GET', '/firmware')).json()).toEqual({ firmware: [] });
    expect((await call('GET', '/firmware', undefined, 85)).statusCode).toBe(404);
  });

  it('answers 404 with Ironic wording when no inventory is stored', async () => {
    await t.app.close();
    t = await buildTestApi();
    uuid = (await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: '{"driver":"fake-hardware"}' })).json<{ uuid: string }>().uuid;
    const res = await call('GET', '/inventory');
    expect(res.statusCode).toBe(404);
    expect(faultOf(res.body).faultstring).toBe(`Node inventory record for node ${uuid} could not be found.`);
  });

  it('lists history events with detail', async () => {
    await t.store.history.add({ uuid: 'e1e1e1e1-0000-4000-8000-000000000001', node_uuid: uuid, created_at: '2026-01-01T00:00:00+00:00', severity: 'ERROR', event_type: 'deploy', event: 'boom', conductor: 'c', user: null });
    const summary = (await call('GET', '/history')).json<{ history: Array<Record<string, unknown>> }>().history[0];
    expect(Object.keys(summary ?? {})).toEqual(['uuid', 'created_at', 'severity', 'event', 'links']);
    const detail = (await call('GET', '/history?detail=True')).json<{ history: Array<Record<string, unknown>> }>().history[0];
    expect(detail).toMatchObject({ event_type: 'deploy', conductor: 'c', user: null });
    expect((await call('GET', '/history/e1e1e1e1-0000-4000-8000-000000000001')).json()).toMatchObject({ event: 'boom' });
  });
});

describe('vmedia (1.89)', () => {
  it('attaches and detaches, stored in driver_internal_info', async () => {
    expect((await call('POST', '/vmedia', { device_type: 'cdrom', image_url: 'http://x/boot.iso' })).statusCode).toBe(204);
    expect((await t.store.nodes.get(uuid))?.driver_internal_info['vmedia_attached']).toEqual([{ device_type: 'cdrom', image_url: 'http://x/boot.iso', image_download_source: 'local' }]);
    expect((await call('POST', '/vmedia', { device_type: 'tape', image_url: 'x' })).statusCode).toBe(400);
    expect((await call('POST', '/vmedia', { device_type: 'cdrom', image_url: 'x' }, 88)).statusCode).toBe(404);
    expect((await call('DELETE', '/vmedia')).statusCode).toBe(204);
    expect((await t.store.nodes.get(uuid))?.driver_internal_info['vmedia_attached']).toEqual([]);
  });
});
