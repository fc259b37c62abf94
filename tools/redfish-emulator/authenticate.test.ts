import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedfishEmulator, type RedfishEmulator } from './start-redfish-emulator.js';
import { at, BASIC, redfishFetch } from './testing/redfish-fetch.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';

const SESSIONS = '/redfish/v1/SessionService/Sessions';
let bmc: RedfishEmulator;
beforeAll(async () => {
  bmc = await startRedfishEmulator({ mockupDir: writeTreeMockup(), username: 'root', password: 's3cret' });
});
afterAll(() => bmc.close());
const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('authentication', () => {
  it('serves the service root without credentials and nothing else', async () => {
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1', undefined, {})).status).toBe(200);
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/', undefined, {})).status).toBe(200);
    const denied = await redfishFetch(bmc, 'GET', '/redfish/v1/Systems', undefined, {});
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Basic realm="Redfish"');
    expect(at(denied.json, 'error', 'code')).toBe('Base.1.16.NoValidSession');
  });

  it('checks Basic credentials against the configured account', async () => {
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/Systems', undefined, basic('root', 's3cret'))).status).toBe(
      200,
    );
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/Systems', undefined, { Authorization: BASIC })).status).toBe(
      401,
    );
  });

  it('creates a session (201, X-Auth-Token, Location), accepts its token, and ends it on DELETE', async () => {
    const login = await redfishFetch(bmc, 'POST', SESSIONS, { UserName: 'root', Password: 's3cret' }, {});
    expect(login.status).toBe(201);
    const token = login.headers.get('x-auth-token') ?? '';
    const location = login.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${SESSIONS}/`));
    expect(at(login.json, 'UserName')).toBe('root');
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/Systems', undefined, { 'X-Auth-Token': token })).status).toBe(
      200,
    );
    expect(
      at((await redfishFetch(bmc, 'GET', SESSIONS, undefined, { 'X-Auth-Token': token })).json, 'Members@odata.count'),
    ).toBe(1);
    expect((await redfishFetch(bmc, 'DELETE', location, undefined, { 'X-Auth-Token': token })).status).toBe(204);
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/Systems', undefined, { 'X-Auth-Token': token })).status).toBe(
      401,
    );
  });

  it('refuses a login with wrong credentials (401) or a malformed body (400)', async () => {
    expect((await redfishFetch(bmc, 'POST', SESSIONS, { UserName: 'root', Password: 'nope' }, {})).status).toBe(401);
    const missing = await redfishFetch(bmc, 'POST', SESSIONS, { UserName: 'root' }, {});
    expect(missing.status).toBe(400);
    expect(at(missing.json, 'error', 'code')).toBe('Base.1.16.CreateFailedMissingReqProperties');
    expect((await redfishFetch(bmc, 'POST', SESSIONS, { UserName: 1, Password: true }, {})).status).toBe(400);
  });

  it('rejects Basic when the sessionOnly switch is on, without offering Basic', async () => {
    bmc.state.switches.sessionOnly = true;
    try {
      const denied = await redfishFetch(bmc, 'GET', '/redfish/v1/Systems', undefined, basic('root', 's3cret'));
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toBeNull();
      const login = await redfishFetch(bmc, 'POST', SESSIONS, { UserName: 'root', Password: 's3cret' }, {});
      expect(
        (
          await redfishFetch(bmc, 'GET', '/redfish/v1/Systems', undefined, {
            'X-Auth-Token': login.headers.get('x-auth-token') ?? '',
          })
        ).status,
      ).toBe(200);
    } finally {
      bmc.state.switches.sessionOnly = false;
    }
  });
});
