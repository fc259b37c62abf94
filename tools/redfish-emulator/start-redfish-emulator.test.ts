import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedfishEmulator, type RedfishEmulator } from './start-redfish-emulator.js';
import { at, BASIC, redfishFetch } from './testing/redfish-fetch.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';

let bmc: RedfishEmulator;
let other: RedfishEmulator;
beforeAll(async () => {
  const mockupDir = writeTreeMockup();
  bmc = await startRedfishEmulator({ mockupDir, maxBodyBytes: 4096 });
  other = await startRedfishEmulator({ mockupDir });
});
afterAll(async () => {
  await bmc.close();
  await other.close();
});

describe('startRedfishEmulator', () => {
  it('listens on 127.0.0.1 on a free port', () => {
    expect(bmc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bmc.port).toBeGreaterThan(0);
  });

  it('sends OData-Version, ETag and Allow on a GET and the same headers without a body on HEAD', async () => {
    const get = await redfishFetch(bmc, 'GET', '/redfish/v1/Systems/1');
    expect(get.headers.get('odata-version')).toBe('4.0');
    expect(get.headers.get('etag')).toMatch(/^"[0-9a-f]{16}"$/);
    expect(get.headers.get('allow')).toBe('GET, HEAD, PATCH');
    const head = await fetch(`${bmc.url}/redfish/v1/Systems/1`, { method: 'HEAD', headers: { Authorization: BASIC } });
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(await head.text()).toBe('');
  });

  it('answers unknown URIs 404 ResourceMissingAtURI and wrong methods 405 with Allow', async () => {
    const missing = await redfishFetch(bmc, 'GET', '/redfish/v1/Nope');
    expect(missing.status).toBe(404);
    expect(at(missing.json, 'error', '@Message.ExtendedInfo', 0, 'MessageArgs')).toEqual(['/redfish/v1/Nope']);
    const put = await redfishFetch(bmc, 'PUT', '/redfish/v1/Systems/1', { AssetTag: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, PATCH');
    const getAction = await redfishFetch(bmc, 'GET', '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset');
    expect(getAction.status).toBe(405);
    expect(getAction.headers.get('allow')).toBe('POST');
    expect((await redfishFetch(bmc, 'DELETE', '/redfish/v1/Systems/1')).status).toBe(405);
    expect((await redfishFetch(bmc, 'POST', '/redfish/v1/Systems', {})).status).toBe(405);
  });

  it('answers oversized bodies 413 PayloadTooLarge and keeps serving', async () => {
    const huge = await redfishFetch(bmc, 'PATCH', '/redfish/v1/Systems/1', { AssetTag: 'x'.repeat(10_000) });
    expect(huge.status).toBe(413);
    expect(at(huge.json, 'error', 'code')).toBe('Base.1.16.PayloadTooLarge');
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/Systems/1')).status).toBe(200);
  });

  it('keeps every instance’s state apart', async () => {
    await redfishFetch(bmc, 'POST', '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { ResetType: 'ForceOff' });
    expect(bmc.state.getPowerState()).toBe('Off');
    expect(other.state.getPowerState()).toBe('On');
    await redfishFetch(bmc, 'POST', '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { ResetType: 'On' });
  });

  it('serves /redfish and resolves case-insensitive paths only when switched on', async () => {
    expect((await redfishFetch(bmc, 'GET', '/redfish', undefined, {})).json).toEqual({ v1: '/redfish/v1/' });
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/systems/1')).status).toBe(404);
    bmc.state.switches.caseInsensitivePaths = true;
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/systems/1/')).status).toBe(200);
    bmc.state.switches.caseInsensitivePaths = false;
  });
});
