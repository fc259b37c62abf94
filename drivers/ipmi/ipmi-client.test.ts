import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { ManualClock, flush } from '../../test/support/manual-clock.js';
import {
  ChassisControl,
  chassisControlRequest,
  getChassisStatusRequest,
  parseChassisStatus,
} from './chassis-commands.js';
import { IpmiClient, type BmcTarget } from './ipmi-client.js';
import { IpmiError } from './ipmi-error.js';
import { ScriptedBmc } from './testing/scripted-bmc.js';

let bmc: ScriptedBmc;
let client: IpmiClient;
const signal = (): AbortSignal => new AbortController().signal;
const target = (overrides: Partial<BmcTarget> = {}): BmcTarget => ({
  host: '127.0.0.1',
  port: bmc.port,
  username: 'admin',
  password: 'password',
  privilege: 4,
  ...overrides,
});
const newClient = (overrides: Partial<ConstructorParameters<typeof IpmiClient>[0]> = {}): IpmiClient =>
  new IpmiClient({
    clock: systemClock,
    bindAddress: '127.0.0.1',
    requestTimeoutMs: 100,
    attempts: 3,
    keepaliveIntervalMs: 0,
    ...overrides,
  });
const failure = async (promise: Promise<unknown>): Promise<IpmiError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof IpmiError)) throw new Error(`expected an IpmiError, got ${String(error)}`);
  return error;
};

beforeEach(async () => {
  bmc = await ScriptedBmc.start();
  client = newClient();
});
afterEach(async () => {
  await client.close();
  await bmc.stop();
});

describe('IpmiClient against a scripted BMC', () => {
  it('logs in with cipher suite 17, raises the privilege and reads the chassis status', async () => {
    bmc.powerOn = true;
    const response = await client.execute(target(), getChassisStatusRequest(), signal());
    expect(parseChassisStatus(response.data).powerOn).toBe(true);
    expect(bmc.commands).toEqual(['6:59', '0:1']); // Set Session Privilege Level, then the command
  });

  it('falls back to cipher suite 3 when the BMC refuses 17', async () => {
    bmc.behaviour.suites = [3];
    await client.execute(target(), chassisControlRequest(ChassisControl.PowerUp), signal());
    expect(bmc.powerOn).toBe(true);
  });

  it('reuses one session for consecutive and concurrent commands (one session per BMC)', async () => {
    await Promise.all(Array.from({ length: 5 }, () => client.execute(target(), getChassisStatusRequest(), signal())));
    await client.execute(target(), getChassisStatusRequest(), signal());
    expect(bmc.logins).toBe(1);
    expect(bmc.openSessions).toBe(1);
  });

  it('retransmits when datagrams are lost', async () => {
    bmc.behaviour.dropIncoming = 2; // Get Channel Authentication Capabilities, twice
    await client.execute(target(), getChassisStatusRequest(), signal());
    expect(bmc.received).toBeGreaterThanOrEqual(7);
  });

  it('takes an answer that arrives late but before the last attempt times out', async () => {
    bmc.behaviour.delayMs = 150;
    await expect(client.execute(target(), getChassisStatusRequest(), signal())).resolves.toMatchObject({
      completionCode: 0,
    });
  });

  it('ends with a timeout error naming the BMC, the wait and the attempts when the BMC never answers', async () => {
    bmc.behaviour.silent = true;
    const error = await failure(client.execute(target(), getChassisStatusRequest(), signal()));
    expect(error).toMatchObject({ kind: 'timeout', code: 'IpmiTimeout' });
    expect(error.message).toBe(
      `BMC at 127.0.0.1:${bmc.port} did not answer within 300 ms after 3 attempts (Get Channel Authentication Capabilities)`,
    );
  });

  it('times out when answers come only after every attempt expired', async () => {
    bmc.behaviour.delayMs = 400;
    await expect(failure(client.execute(target(), getChassisStatusRequest(), signal()))).resolves.toMatchObject({
      kind: 'timeout',
    });
  });

  it('says the BMC rejected the credentials for a wrong password, without the password', async () => {
    const error = await failure(client.execute(target({ password: 'hunter2' }), getChassisStatusRequest(), signal()));
    expect(error).toMatchObject({ kind: 'credentials', code: 'IpmiCredentialsRejected' });
    expect(error.message).toMatch(/rejected the credentials for user 'admin'.*0x0f/);
    expect(error.message).not.toContain('hunter2');
  });

  it('reports the RAKP 2 status for an unknown user', async () => {
    const error = await failure(client.execute(target({ username: 'nobody' }), getChassisStatusRequest(), signal()));
    expect(error.message).toMatch(
      /rejected the credentials for user 'nobody' \(RAKP 2 status 0x0d \(unauthorized name\)\)/,
    );
  });

  it('reports malformed RMCP+ when the BMC answers with garbage', async () => {
    bmc.behaviour.garbage = Buffer.from('0600ff07deadbeef', 'hex');
    const error = await failure(client.execute(target(), getChassisStatusRequest(), signal()));
    expect(error).toMatchObject({ kind: 'malformed', code: 'IpmiMalformedReply' });
    expect(error.message).toMatch(
      /^malformed reply from BMC at 127\.0\.0\.1:\d+ to Get Channel Authentication Capabilities: /,
    );
  });

  it('reports malformed RMCP+ when replies fail the integrity check, and drops that session', async () => {
    await client.execute(target(), getChassisStatusRequest(), signal());
    bmc.behaviour.corruptCommandReplies = true;
    await expect(failure(client.execute(target(), getChassisStatusRequest(), signal()))).resolves.toMatchObject({
      kind: 'malformed',
    });
    bmc.behaviour.corruptCommandReplies = false;
    await client.execute(target(), getChassisStatusRequest(), signal());
    expect(bmc.logins).toBe(2);
  });

  it('logs in again when the BMC dropped the session it kept', async () => {
    await client.execute(target(), getChassisStatusRequest(), signal());
    bmc.forgetSessions();
    await client.execute(target(), chassisControlRequest(ChassisControl.PowerUp), signal());
    expect(bmc.powerOn).toBe(true);
    expect(bmc.logins).toBe(2);
  });

  it('closes its sessions on close()', async () => {
    await client.execute(target(), getChassisStatusRequest(), signal());
    expect(bmc.openSessions).toBe(1);
    await client.close();
    expect(bmc.openSessions).toBe(0);
    await expect(failure(client.execute(target(), getChassisStatusRequest(), signal()))).resolves.toMatchObject({
      kind: 'session',
    });
  });

  it('closes idle sessions after the idle timeout', async () => {
    await client.close();
    client = newClient({ sessionIdleTimeoutMs: 50 });
    await client.execute(target(), getChassisStatusRequest(), signal());
    for (let i = 0; i < 50 && bmc.openSessions > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bmc.openSessions).toBe(0);
  });

  it('keeps idle sessions alive with Get Device ID', async () => {
    await client.close();
    client = newClient({ sessionIdleTimeoutMs: 1_000, keepaliveIntervalMs: 30 });
    await client.execute(target(), getChassisStatusRequest(), signal());
    for (let i = 0; i < 50 && !bmc.commands.includes('6:1'); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bmc.commands).toContain('6:1');
  });

  it('stops waiting when aborted', async () => {
    bmc.behaviour.silent = true;
    const controller = new AbortController();
    const pending = client.execute(target(), getChassisStatusRequest(), controller.signal);
    controller.abort(new Error('operator abort'));
    await expect(pending).rejects.toThrow('operator abort');
  });

  it('waits through the clock: a silent BMC fails after exactly the configured time, without real waiting', async () => {
    await client.close();
    const clock = new ManualClock();
    client = newClient({ clock, requestTimeoutMs: 5_000, attempts: 2 });
    bmc.behaviour.silent = true;
    const started = clock.now();
    const outcome = failure(client.execute(target(), getChassisStatusRequest(), signal()));
    for (let i = 0; i < 20 && clock.pending() === 0; i += 1) await flush();
    await clock.advance(5_000);
    for (let i = 0; i < 20 && clock.pending() === 0; i += 1) await flush();
    await clock.advance(5_000);
    await expect(outcome).resolves.toMatchObject({ kind: 'timeout' });
    expect(clock.now() - started).toBe(10_000);
  });
});
