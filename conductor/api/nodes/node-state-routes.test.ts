import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApi, faultOf, v, type TestApi } from '../testing/build-test-api.js';

let t: TestApi;
let uuid: string;
const json = { 'content-type': 'application/json' };
beforeEach(async () => {
  t = await buildTestApi();
  uuid = (await t.app.inject({ method: 'POST', url: '/v1/nodes', headers: { ...v(82), ...json }, payload: '{"driver":"fake-hardware"}' })).json<{ uuid: string }>().uuid;
});
afterEach(async () => { await t.app.close(); });

function put(path: string, body: unknown, minor = 82) {
  return t.app.inject({ method: 'PUT', url: `/v1/nodes/${uuid}/${path}`, headers: { ...v(minor), ...json }, payload: JSON.stringify(body) });
}

describe('node states', () => {
  it('GET /states shows Ironic 21.4 keys at 1.82 and fewer at 1.1', async () => {
    const states = (await t.app.inject({ url: `/v1/nodes/${uuid}/states`, headers: v(82) })).json<object>();
    expect(Object.keys(states)).toEqual(['console_enabled', 'last_error', 'power_state', 'provision_state', 'target_power_state',
      'target_provision_state', 'provision_updated_at', 'raid_config', 'target_raid_config', 'boot_mode', 'secure_boot']);
    expect(Object.keys((await t.app.inject({ url: `/v1/nodes/${uuid}/states` })).json<object>())).toHaveLength(7);
  });

  it('PUT states/provision answers 202 with Location and calls NodeActions', async () => {
    const res = await put('states/provision', { target: 'manage' });
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe('');
    expect(res.headers['location']).toBe(`http://ironic.test:6385/v1/nodes/${uuid}/states`);
    expect(t.actions.calls[0]).toMatchObject({ method: 'provision', args: [uuid, { target: 'manage' }, { apiMinor: 82 }] });
    expect((await t.store.nodes.get(uuid))?.provision_state).toBe('verifying');
  });

  it.each([
    [{ target: 'bogus' }, 400, `The requested action "bogus" can not be performed on node "{uuid}" while it is in state "enroll".`],
    [{}, 400, 'Missing mandatory parameter: target'],
    [{ target: 'manage', x: 1 }, 400, 'Unexpected arguments: x'],
    [{ target: 'clean' }, 400, '"clean_steps" is required when setting target provision state to clean'],
    [{ target: 'manage', clean_steps: [] }, 400, '"clean_steps" is only valid when setting target provision state to clean'],
    [{ target: 'manage', configdrive: 'x' }, 400, 'Adding a config drive is only supported when setting provision state to active or rebuild'],
    [{ target: 'rescue', rescue_password: '' }, 400, "A non-empty 'rescue_password' is required when setting target provision state to rescue"],
    [{ target: 'provide' }, 400, `The requested action "provide" can not be performed on node "{uuid}" while it is in state "enroll".`],
  ])('PUT states/provision %j -> %i', async (body, status, message) => {
    const res = await put('states/provision', body);
    expect(res.statusCode).toBe(status);
    expect(faultOf(res.body).faultstring).toBe(message.replace('{uuid}', uuid));
  });

  it('gates verbs by microversion (406)', async () => {
    expect((await put('states/provision', { target: 'manage' }, 3)).statusCode).toBe(406);
    expect((await put('states/provision', { target: 'deploy' }, 72)).statusCode).toBe(406);
    expect((await put('states/provision', { target: 'service', service_steps: [] }, 86)).statusCode).toBe(406);
  });

  it('PUT states/power checks target, version and timeout', async () => {
    expect((await put('states/power', { target: 'power on' })).statusCode).toBe(202);
    expect(t.actions.calls.at(-1)?.args.slice(0, 3)).toEqual([uuid, 'power on', undefined]);
    expect((await put('states/power', { target: 'soft power off', timeout: 10 })).statusCode).toBe(202);
    expect((await put('states/power', { target: 'soft power off' }, 26)).statusCode).toBe(406);
    expect(faultOf((await put('states/power', { target: 'power on', x: 1 })).body).faultstring).toBe('Unexpected arguments: x');
    expect(faultOf((await put('states/power', { target: 'bogus' })).body).faultstring)
      .toBe(`The requested action "bogus" can not be performed on node "${uuid}" while it is in state "None".`);
    expect((await put('states/power', { target: 'power on', timeout: 0 })).statusCode).toBe(400);
  });

  it('PUT states/raid validates logical disks and answers 204', async () => {
    const config = { logical_disks: [{ size_gb: 'MAX', raid_level: '1', is_root_volume: true }] };
    expect((await put('states/raid', config)).statusCode).toBe(204);
    expect(t.actions.calls.at(-1)?.args.slice(0, 2)).toEqual([uuid, config]);
    expect((await put('states/raid', { logical_disks: [{ size_gb: 10, raid_level: '7' }] })).statusCode).toBe(400);
    expect((await put('states/raid', config, 11)).statusCode).toBe(404);
  });

  it('boot_mode and secure_boot need 1.76 and answer 202', async () => {
    expect((await put('states/boot_mode', { target: 'uefi' }, 75)).statusCode).toBe(404);
    expect((await put('states/boot_mode', { target: 'uefi' }, 89)).statusCode).toBe(202);
    expect((await put('states/boot_mode', { target: 'x' }, 89)).statusCode).toBe(400);
    expect((await put('states/secure_boot', { target: true }, 89)).statusCode).toBe(202);
    expect((await put('states/secure_boot', { target: 'yes' }, 89)).statusCode).toBe(400);
  });

  it('console: GET shows state, PUT toggles it with 202', async () => {
    expect((await t.app.inject({ url: `/v1/nodes/${uuid}/states/console`, headers: v(82) })).json()).toEqual({ console_enabled: false, console_info: null });
    expect((await put('states/console', { enabled: true })).statusCode).toBe(202);
    expect((await t.store.nodes.get(uuid))?.console_enabled).toBe(true);
    expect((await put('states/console', {})).statusCode).toBe(400);
  });
});

describe('node management', () => {
  it('maintenance PUT/DELETE answer 202 without a body', async () => {
    const on = await put('maintenance', { reason: 'r' });
    expect(on.statusCode).toBe(202);
    expect((await t.store.nodes.get(uuid))?.maintenance_reason).toBe('r');
    const off = await t.app.inject({ method: 'DELETE', url: `/v1/nodes/${uuid}/maintenance`, headers: v(82) });
    expect(off.statusCode).toBe(202);
    expect((await t.store.nodes.get(uuid))?.maintenance).toBe(false);
  });

  it('validate shows result, and reason only when not a plain success', async () => {
    const res = await t.app.inject({ url: `/v1/nodes/${uuid}/validate`, headers: v(82) });
    expect(res.json()).toEqual({ power: { result: true }, raid: { result: null, reason: 'not supported' } });
  });

  it('boot device get/set/supported and inject_nmi', async () => {
    expect((await t.app.inject({ url: `/v1/nodes/${uuid}/management/boot_device`, headers: v(82) })).json()).toEqual({ boot_device: 'pxe', persistent: false });
    expect((await put('management/boot_device', { boot_device: 'disk', persistent: true })).statusCode).toBe(204);
    expect((await put('management/boot_device', { boot_device: 'nope' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: `/v1/nodes/${uuid}/management/boot_device/supported`, headers: v(82) })).json())
      .toEqual({ supported_boot_devices: ['pxe', 'disk'] });
    expect((await put('management/inject_nmi', {})).statusCode).toBe(204);
    expect((await put('management/inject_nmi', {}, 28)).statusCode).toBe(404);
  });
});
