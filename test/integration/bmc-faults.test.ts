// Issue #3: misbehaving BMCs, through the whole conductor: a BMC that never answers, answers late, rejects
// the password, sends malformed RMCP+ or JSON, or stays busy. Each ends with a clear last_error, the node is
// never left mid-transition, and the conductor keeps serving.
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedfishEmulator, type RedfishEmulator } from '../../tools/redfish-emulator/index.js';
import { api, waitForNode } from '../support/api-client.js';
import { startConductor, type ConductorProcess } from '../support/conductor-process.js';

const TOWER = join(import.meta.dirname, '../../../shared/redfish-mockups/dmtf/public-tower');
const hasMockups = existsSync(TOWER);
if (!hasMockups) console.warn(`SKIP the Redfish fault cases that need ${TOWER} (../shared is absent)`);

type Node = { uuid: string; provision_state: string; target_provision_state: string | null; power_state: string | null; target_power_state: string | null; last_error: string | null; reservation: string | null };

/** A UDP "BMC" that answers every datagram with garbage (or not at all). */
async function udpBmc(reply: ((msg: Buffer) => Buffer) | undefined): Promise<{ port: number; socket: Socket }> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => { if (reply) socket.send(reply(msg), rinfo.port, rinfo.address); });
  await new Promise<void>((ok) => socket.bind(0, '127.0.0.1', ok));
  return { port: socket.address().port, socket };
}

/** An HTTP "BMC": malformed JSON, or a connection accepted and never answered. */
async function httpBmc(mode: 'garbage' | 'silent'): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    if (mode === 'garbage') res.writeHead(200, { 'content-type': 'application/json' }).end('{"@odata.id": "/redfish/v1", "Systems": {');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  return { url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, server };
}

describe('misbehaving BMCs end in a clear last_error', () => {
  let conductor: ConductorProcess;
  const cleanup: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    conductor = await startConductor({ env: {
      FERRO_IPMI_REQUEST_TIMEOUT_MS: '300', FERRO_IPMI_ATTEMPTS: '2', FERRO_REDFISH_REQUEST_TIMEOUT_MS: '1500',
      FERRO_REDFISH_TRANSPORT_ATTEMPTS: '1', FERRO_REDFISH_BUSY_ATTEMPTS: '2', FERRO_REDFISH_CONNECT_TIMEOUT_MS: '1500',
      FERRO_CONDUCTOR_POWER_STATE_CHANGE_TIMEOUT_S: '5', FERRO_CONDUCTOR_POWER_POLL_INTERVAL_MS: '200',
    } });
  }, 60_000);
  afterAll(async () => {
    await conductor?.stop();
    for (const c of cleanup) await c();
  });

  /** Enrolls a node, asks for `manage`, and returns it once it is back in a stable state. */
  async function manageFails(name: string, driver: string, driverInfo: Record<string, unknown>): Promise<Node> {
    const created = await api<Node>(conductor.url, 'POST', '/v1/nodes', { name, driver, driver_info: driverInfo });
    expect(created.status).toBe(201);
    expect((await api(conductor.url, 'PUT', `/v1/nodes/${name}/states/provision`, { target: 'manage' })).status).toBe(202);
    const node = await waitForNode<Node>(conductor.url, name, (n) => n.target_provision_state === null && n.reservation === null, 60_000);
    expect(node.provision_state).toBe('enroll');
    return node;
  }

  it('IPMI: a BMC that never answers', async () => {
    const bmc = await udpBmc(undefined);
    cleanup.push(() => { bmc.socket.close(); });
    const node = await manageFails('ipmi-silent', 'ipmi', { ipmi_address: '127.0.0.1', ipmi_port: bmc.port, ipmi_username: 'admin', ipmi_password: 'pw', ipmi_cipher_suite: 3 });
    expect(node.last_error).toMatch(new RegExp(`BMC at 127\\.0\\.0\\.1:${bmc.port} did not answer within \\d+ ms after 2 attempts`));
  }, 90_000);

  it('IPMI: a BMC that answers with malformed RMCP+', async () => {
    const bmc = await udpBmc((msg) => Buffer.concat([msg.subarray(0, 4), Buffer.from([0xff, 0x00, 0x13])]));
    cleanup.push(() => { bmc.socket.close(); });
    const node = await manageFails('ipmi-garbage', 'ipmi', { ipmi_address: '127.0.0.1', ipmi_port: bmc.port, ipmi_username: 'admin', ipmi_password: 'pw', ipmi_cipher_suite: 3 });
    expect(node.last_error).toMatch(/malformed|did not answer/);
  }, 90_000);

  it('Redfish: malformed JSON, and a BMC that accepts the connection but never answers', async () => {
    const garbage = await httpBmc('garbage');
    const silent = await httpBmc('silent');
    cleanup.push(() => { garbage.server.closeAllConnections(); garbage.server.close(); silent.server.closeAllConnections(); silent.server.close(); });
    const bad = await manageFails('rf-garbage', 'redfish', { redfish_address: garbage.url, redfish_system_id: '/redfish/v1/Systems/1', redfish_username: 'admin', redfish_password: 'pw' });
    expect(bad.last_error).toMatch(/JSON|invalid|malformed/i);
    const late = await manageFails('rf-silent', 'redfish', { redfish_address: silent.url, redfish_system_id: '/redfish/v1/Systems/1', redfish_username: 'admin', redfish_password: 'pw' });
    expect(late.last_error).toMatch(/did not answer/);
  }, 120_000);

  describe.skipIf(!hasMockups)('against the Redfish emulator', () => {
    let bmc: RedfishEmulator;
    let system = '';
    beforeAll(async () => {
      bmc = await startRedfishEmulator({ mockupDir: TOWER });
      system = bmc.state.systems()[0] ?? '';
    });
    afterAll(async () => { await bmc?.close(); });

    it('a rejected password names the BMC and never the password', async () => {
      const node = await manageFails('rf-badpw', 'redfish', { redfish_address: bmc.url, redfish_system_id: system, redfish_username: 'admin', redfish_password: 'not-the-password' });
      expect(node.last_error).toMatch(/rejected the credentials/);
      expect(node.last_error).not.toContain('not-the-password');
    }, 60_000);

    it('a BMC that stays busy fails the power change clearly; the node is usable once it recovers', async () => {
      const info = { redfish_address: bmc.url, redfish_system_id: system, redfish_username: 'admin', redfish_password: 'password' };
      expect((await api(conductor.url, 'POST', '/v1/nodes', { name: 'rf-busy', driver: 'redfish', driver_info: info })).status).toBe(201);
      bmc.state.forceBusy(1000, 'service-unavailable');
      expect((await api(conductor.url, 'PUT', '/v1/nodes/rf-busy/states/power', { target: 'power on' })).status).toBe(202);
      const failed = await waitForNode<Node>(conductor.url, 'rf-busy', (n) => n.target_power_state === null && n.last_error !== null, 60_000);
      expect(failed.last_error).toMatch(/busy/i);
      bmc.state.forceBusy(0);
      expect((await api(conductor.url, 'PUT', '/v1/nodes/rf-busy/states/power', { target: 'power on' })).status).toBe(202);
      await waitForNode<Node>(conductor.url, 'rf-busy', (n) => n.power_state === 'power on' && n.target_power_state === null, 30_000);
    }, 120_000);
  });

  it('the conductor still answers after all of it', async () => {
    expect((await api(conductor.url, 'GET', '/v1/nodes')).status).toBe(200);
  });
});
