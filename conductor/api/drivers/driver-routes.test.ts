import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
beforeEach(async () => { t = await buildTestApi(); });
afterEach(async () => { await t.app.close(); });

describe('/v1/drivers', () => {
  it('lists hardware types as Ironic 21.4 does, with interfaces only in detail', async () => {
    const list = (await t.app.inject({ url: '/v1/drivers', headers: v(82) })).json<{ drivers: Array<Record<string, unknown>> }>();
    expect(Object.keys(list.drivers[0] ?? {})).toEqual(['name', 'hosts', 'links', 'properties', 'type']);
    expect(list.drivers[0]).toMatchObject({ name: 'fake-hardware', hosts: ['test-conductor'], type: 'dynamic' });
    const detail = (await t.app.inject({ url: '/v1/drivers?detail=True', headers: v(82) })).json<{ drivers: Array<Record<string, unknown>> }>();
    expect(detail.drivers[0]).toMatchObject({ default_power_interface: 'fake', enabled_boot_interfaces: ['fake', 'pxe', 'ipxe'] });
    expect(detail.drivers[0]).not.toHaveProperty('default_firmware_interface');
    expect((await t.app.inject({ url: '/v1/drivers?type=classic', headers: v(82) })).json()).toEqual({ drivers: [] });
  });

  it('shows one driver, its properties and RAID properties; 404 for unknown', async () => {
    expect((await t.app.inject({ url: '/v1/drivers/fake-hardware', headers: v(89) })).json()).toHaveProperty('default_firmware_interface', 'fake');
    expect((await t.app.inject({ url: '/v1/drivers/fake-hardware/properties', headers: v(82) })).json()).toEqual({ fake_key: 'A fake key.' });
    expect((await t.app.inject({ url: '/v1/drivers/fake-hardware/raid/logical_disk_properties', headers: v(82) })).json()).toHaveProperty('raid_level');
    const missing = await t.app.inject({ url: '/v1/drivers/nope', headers: v(82) });
    expect(missing.statusCode).toBe(404);
    expect(faultOf(missing.body).faultstring).toBe('Could not find the following driver(s) or hardware type(s): nope.');
  });
});
