import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { RedfishClient } from './redfish-client.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { resolveRedfishOptions } from './redfish-options.js';
import { miniBmcTree } from './testing/mini-bmc-tree.js';
import { aRedfishNode, instantClock } from './testing/redfish-test-kit.js';
import { ScriptedBmc, errorBody, redfishNodeInfo } from './testing/scripted-bmc.js';

const SYSTEM = '/redfish/v1/Systems/1';
const ctx = () => ({ signal: new AbortController().signal, log: silentLogger });
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function setup(info: Record<string, string> = {}, options: { requestTimeoutMs?: number; transportAttempts?: number } = {}) {
  const bmc = await ScriptedBmc.start(miniBmcTree());
  bmc.credentials = { username: 'admin', password: 'secret' };
  const clock = instantClock();
  const client = new RedfishClient(
    parseRedfishDriverInfo(aRedfishNode(redfishNodeInfo(bmc, info))),
    resolveRedfishOptions({ clock, requestTimeoutMs: 2_000, ...options }),
  );
  opened.push(bmc, client);
  return { bmc, client, clock };
}

describe('RedfishClient authentication', () => {
  it('creates a session at Links.Sessions and sends its X-Auth-Token, not the password', async () => {
    const { bmc, client } = await setup();
    await client.get(SYSTEM, ctx());
    expect(bmc.seen('POST', '/redfish/v1/SessionService/Sessions')[0]?.body).toEqual({ UserName: 'admin', Password: 'secret' });
    const read = bmc.seen('GET', SYSTEM)[0];
    expect(read?.headers['x-auth-token']).toBe('token-1');
    expect(read?.headers['authorization']).toBeUndefined();
    expect(read?.headers['odata-version']).toBe('4.0');
  });

  it('logs in again once when the session expires (401) and replays the request', async () => {
    const { bmc, client } = await setup();
    await client.get(SYSTEM, ctx());
    bmc.script('GET', SYSTEM, { status: 401, body: errorBody('Base.1.8.NoValidSession', 'expired') });
    await expect(client.get(SYSTEM, ctx())).resolves.toMatchObject({ path: SYSTEM });
    expect(bmc.seen('POST', '/redfish/v1/SessionService/Sessions')).toHaveLength(2);
    expect(bmc.seen('GET', SYSTEM).at(-1)?.headers['x-auth-token']).toBe('token-2');
  });

  it('uses HTTP basic authentication when redfish_auth_type is basic', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' });
    await client.get(SYSTEM, ctx());
    expect(bmc.seen('POST')).toHaveLength(0);
    expect(bmc.seen('GET', SYSTEM)[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('admin:secret').toString('base64')}`);
  });

  it('falls back to basic in auto mode when the BMC cannot create sessions', async () => {
    const { bmc, client } = await setup();
    bmc.script('POST', '/redfish/v1/SessionService/Sessions', { status: 405 });
    await expect(client.get(SYSTEM, ctx())).resolves.toMatchObject({ path: SYSTEM });
    expect(bmc.seen('GET', SYSTEM)[0]?.headers['authorization']).toMatch(/^Basic /);
  });

  it('reports rejected credentials clearly, without the password, in every mode', async () => {
    for (const authType of ['auto', 'session', 'basic']) {
      const { client } = await setup({ redfish_password: 'wrong-password', redfish_auth_type: authType });
      const error = await client.get(SYSTEM, ctx()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'RedfishCredentialsRejected', message: expect.stringContaining('rejected the credentials') });
      expect((error as Error).message).not.toContain('wrong-password');
    }
  });

  it('deletes its session on close', async () => {
    const { bmc, client } = await setup();
    await client.get(SYSTEM, ctx());
    await client.close();
    expect(bmc.seen('DELETE', '/redfish/v1/SessionService/Sessions/1')).toHaveLength(1);
  });
});

describe('RedfishClient faults', () => {
  it('gives up on a BMC that never answers, naming the BMC and the time', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' }, { requestTimeoutMs: 150, transportAttempts: 2 });
    bmc.script('GET', SYSTEM, { hang: true }, 2);
    const error = await client.get(SYSTEM, ctx()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RedfishConnectionError' });
    expect((error as Error).message).toContain(bmc.origin);
    expect((error as Error).message).toContain('within 150 ms after 2 attempts');
    expect(bmc.seen('GET', SYSTEM)).toHaveLength(2);
  });

  it('waits for a slow answer that arrives within the timeout', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' }, { requestTimeoutMs: 1_000 });
    bmc.script('GET', SYSTEM, { delayMs: 200, body: { '@odata.id': SYSTEM, PowerState: 'On' } });
    await expect(client.get(SYSTEM, ctx())).resolves.toMatchObject({ body: { PowerState: 'On' } });
  });

  it('never repeats a POST that timed out: the action may have happened', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' }, { requestTimeoutMs: 150 });
    const reset = `${SYSTEM}/Actions/ComputerSystem.Reset`;
    bmc.script('POST', reset, { hang: true });
    await expect(client.send('POST', reset, { body: { ResetType: 'On' } }, ctx())).rejects.toMatchObject({ code: 'RedfishConnectionError' });
    expect(bmc.seen('POST', reset)).toHaveLength(1);
  });

  it('reports a connection that is refused', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' });
    await bmc.close();
    opened.splice(opened.indexOf(bmc), 1);
    await expect(client.get(SYSTEM, ctx())).rejects.toMatchObject({ code: 'RedfishConnectionError', message: expect.stringContaining('could not be reached') });
  });

  it('rejects malformed JSON with a typed error', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' });
    bmc.script('GET', SYSTEM, { body: '{"PowerState": "On", ' });
    await expect(client.get(SYSTEM, ctx())).rejects.toMatchObject({ code: 'RedfishInvalidResponse', message: expect.stringContaining('malformed JSON') });
  });

  it('retries a 503 busy answer after its Retry-After, then succeeds', async () => {
    const { bmc, client, clock } = await setup({ redfish_auth_type: 'basic' });
    bmc.script('PATCH', SYSTEM, { status: 503, headers: { 'Retry-After': '7' }, body: errorBody('Base.1.12.ServiceTemporarilyUnavailable', 'Retry in 30 seconds') }, 2);
    await expect(client.send('PATCH', SYSTEM, { body: { IndicatorLED: 'Lit' } }, ctx())).resolves.toMatchObject({ status: 204 });
    expect(bmc.seen('PATCH', SYSTEM)).toHaveLength(3);
    expect(clock.sleeps).toEqual([7_000, 7_000]);
  });

  it('retries iDRAC SYS518 on a write, matched by MessageId', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' });
    bmc.script('PATCH', SYSTEM, { status: 400, body: errorBody('IDRAC.2.8.SYS518', 'iDRAC is currently unable to display any information') });
    await expect(client.send('PATCH', SYSTEM, { body: { IndicatorLED: 'Lit' } }, ctx())).resolves.toMatchObject({ status: 204 });
  });

  it('gives up on a BMC that stays busy, saying so', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' });
    bmc.script('GET', SYSTEM, { status: 503 }, 100);
    await expect(client.get(SYSTEM, ctx())).rejects.toMatchObject({ code: 'RedfishBusy', message: expect.stringContaining('stayed busy') });
    expect(bmc.seen('GET', SYSTEM)).toHaveLength(6);
  });

  it('decodes @Message.ExtendedInfo, as a list or a single object, into the error message', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' });
    bmc.script('PATCH', SYSTEM, { status: 400, body: { error: { code: 'Base.1.8.GeneralError', message: 'see info', '@Message.ExtendedInfo': { MessageId: 'Base.1.8.PropertyValueNotInList', Message: 'The value Bogus for BootSourceOverrideTarget is not in the list.' } } } });
    await expect(client.send('PATCH', SYSTEM, { body: { Boot: { BootSourceOverrideTarget: 'Bogus' } } }, ctx()))
      .rejects.toMatchObject({ code: 'RedfishError', message: expect.stringContaining('HTTP 400 to PATCH /redfish/v1/Systems/1: The value Bogus for BootSourceOverrideTarget is not in the list. (Base.1.8.PropertyValueNotInList)') });
  });

  it('refuses to follow a link to another host', async () => {
    const { client } = await setup({ redfish_auth_type: 'basic' });
    await expect(client.get('https://elsewhere.example/redfish/v1', ctx())).rejects.toMatchObject({ code: 'RedfishInvalidResponse' });
  });

  it('stops when the caller aborts', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' });
    bmc.script('GET', SYSTEM, { hang: true });
    const controller = new AbortController();
    const pending = client.get(SYSTEM, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('operator abort')), 50);
    await expect(pending).rejects.toThrow('operator abort');
  });

  it('reads PowerState afresh every time (never cached)', async () => {
    const { bmc, client } = await setup({ redfish_auth_type: 'basic' });
    expect((await client.get(SYSTEM, ctx())).body['PowerState']).toBe('Off');
    bmc.resource(SYSTEM)['PowerState'] = 'On';
    expect((await client.get(SYSTEM, ctx())).body['PowerState']).toBe('On');
  });
});
