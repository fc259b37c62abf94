// Shared set-up of the agent-conductor suites: a conductor over an in-memory store and a manual clock, fake
// power/boot/management, the real agent interfaces (drivers/agent), the real API (fastify inject) and an
// IPA-like scripted agent on 127.0.0.1 over HTTPS with a self-signed certificate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Registry } from 'prom-client';
import { isoTimestamp, newNode, silentLogger, type NodeRecord } from '../../core/index.js';
import { createAgentImplementations, type AgentDriverSettings } from '../../drivers/agent/index.js';
import { ScriptedAgent } from '../../drivers/agent/testing/scripted-agent.js';
import { selfSignedCert } from '../../drivers/agent/testing/self-signed-cert.js';
import { createFakeImplementations } from '../../drivers/fake/index.js';
import { createDriverRegistry } from '../../drivers/index.js';
import { createNoopImplementations } from '../../drivers/noop/index.js';
import { buildApi } from '../../conductor/api/index.js';
import { createInMemoryStore } from '../../conductor/persistence/index.js';
import {
  AgentLogStore, DEFAULT_AGENT_SETTINGS, DEFAULT_LIMITS, DEFAULT_TIMEOUTS, createAgentEndpoints, createNodeActions, createTaskTracker,
  type AgentSettings, type ConductorDeps, type NodeActions,
} from '../../conductor/workers/index.js';
import { ManualClock } from '../support/manual-clock.js';

/** Everything a suite drives. */
export interface AgentLab {
  deps: ConductorDeps;
  actions: NodeActions;
  clock: ManualClock;
  api: FastifyInstance;
  agent: ScriptedAgent;
  logDir: string;
  addNode(fields?: Partial<NodeRecord>, mac?: string): Promise<NodeRecord>;
  node(uuid: string): Promise<NodeRecord>;
  settle(): Promise<void>;
  /** GET /v1/lookup at 1.62 (IPA's version); returns status and parsed body. */
  lookup(query: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** POST /v1/heartbeat/{uuid} at 1.68 from the scripted agent, with its certificate. */
  heartbeat(uuid: string, token: string, extra?: Record<string, unknown>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** Driver settings for tests: collect logs on failure, no power-off grace (the manual clock never runs). */
export const TEST_DRIVER_SETTINGS: AgentDriverSettings = {
  eraseDevicesPriority: 0, eraseDevicesMetadataPriority: 99, logsCollect: 'on_failure', logsMaxBytes: 1_000_000,
  powerOffGraceMs: 0, streamRawImages: true,
};

/** Builds the lab; `settings` override the conductor's agent settings (discovery, TLS). */
export async function createAgentLab(settings: Partial<AgentSettings> = {}): Promise<AgentLab> {
  const clock = new ManualClock();
  const logDir = mkdtempSync(join(tmpdir(), 'ferro-agent-logs-'));
  const logs = new AgentLogStore({ dir: logDir, keepPerNode: 3, clock, log: silentLogger });
  const fake = createFakeImplementations({ clock });
  const agentImpls = createAgentImplementations({ clock, commandTimeoutMs: 5_000, settings: TEST_DRIVER_SETTINGS, logs });
  const drivers = createDriverRegistry({}, [createNoopImplementations(), fake.implementations, agentImpls]);
  const deps: ConductorDeps = {
    store: createInMemoryStore({ clock }), drivers, clock, log: silentLogger, hostname: 'conductor-a', conductorGroup: '',
    timeouts: { ...DEFAULT_TIMEOUTS }, limits: { ...DEFAULT_LIMITS }, provisioning: { automatedClean: true },
    tasks: createTaskTracker(silentLogger),
  };
  const actions = createNodeActions(deps);
  const agentSettings: AgentSettings = { ...DEFAULT_AGENT_SETTINGS, ...settings };
  const api = await buildApi({
    store: deps.store, actions, log: pino({ level: 'silent' }), hostname: 'conductor-a', metrics: new Registry(),
    config: { authStrategy: 'noauth', maxLimit: 1000, debug: false, maxBodyBytes: 4 * 1024 * 1024, publicUrl: 'http://ironic.test:6385' },
    agent: createAgentEndpoints(deps, { settings: agentSettings, logs }),
  });
  const agent = new ScriptedAgent(selfSignedCert());
  await agent.start();
  let counter = 0;
  const lab: AgentLab = {
    deps, actions, clock, api, agent, logDir,
    async addNode(fields = {}, mac) {
      counter += 1;
      const uuid = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
      const base = newNode({
        uuid, driver: 'fake-hardware', provision_state: 'enroll', created_at: isoTimestamp(clock.now()),
        deploy_interface: 'direct', inspect_interface: 'agent', raid_interface: 'agent', firmware_interface: 'agent', ...fields,
      });
      const node = await deps.store.nodes.create(actions.prepareNewNode(base));
      if (mac !== undefined) {
        await deps.store.ports.create({
          uuid: `10000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, address: mac, node_uuid: uuid, portgroup_uuid: null,
          pxe_enabled: true, local_link_connection: {}, physical_network: null, is_smartnic: false, name: null, extra: {},
          internal_info: {}, created_at: isoTimestamp(clock.now()), updated_at: null,
        });
      }
      return node;
    },
    async node(uuid) {
      const found = await deps.store.nodes.get(uuid);
      if (!found) throw new Error(`no node ${uuid}`);
      return found;
    },
    settle: () => deps.tasks.idle(),
    async lookup(query) {
      const res = await api.inject({ method: 'GET', url: `/v1/lookup?${query}`, headers: { 'X-OpenStack-Ironic-API-Version': '1.62' } });
      return { status: res.statusCode, body: res.body === '' ? {} : JSON.parse(res.body) as Record<string, unknown> };
    },
    async heartbeat(uuid, token, extra = {}) {
      const res = await api.inject({
        method: 'POST', url: `/v1/heartbeat/${uuid}`, headers: { 'X-OpenStack-Ironic-API-Version': '1.72' },
        payload: { callback_url: agent.url, agent_version: '10.0.0', agent_token: token, agent_verify_ca: agent.cert.cert, ...extra },
      });
      await deps.tasks.idle();
      return { status: res.statusCode, body: res.body };
    },
    async close() {
      await deps.tasks.idle();
      await api.close();
      await agent.stop();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
  return lab;
}

/** The token a first lookup hands out, set on the scripted agent too. */
export async function lookUpToken(lab: AgentLab, mac: string): Promise<string> {
  const { status, body } = await lab.lookup(`addresses=${mac}`);
  if (status !== 200) throw new Error(`lookup answered ${status}`);
  const token = String((body['config'] as Record<string, unknown>)['agent_token']);
  lab.agent.token = token;
  return token;
}
