import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createInMemoryStore } from '../../persistence/in-memory/create-in-memory-store.js';
import type { Store } from '../../persistence/repository.js';
import type { NodeActions } from '../../workers/node-actions.js';
import type { ApiConfig, ApiDeps } from '../api-deps.js';
import { buildApi } from '../build-api.js';
import { createFakeNodeActions, type RecordedCall } from './fake-node-actions.js';

/** An API over an in-memory store and the fake NodeActions, for `inject` tests. */
export interface TestApi {
  app: FastifyInstance;
  store: Store;
  actions: NodeActions & { calls: RecordedCall[] };
  deps: ApiDeps;
}

/** Builds a test API; `config` overrides the defaults (noauth, max_limit 1000, 1 MiB bodies). */
export async function buildTestApi(config: Partial<ApiConfig> = {}, extra: Partial<ApiDeps> = {}): Promise<TestApi> {
  const store = createInMemoryStore();
  const actions = createFakeNodeActions(store, 'test-conductor');
  const deps: ApiDeps = {
    store, actions, log: pino({ level: 'silent' }), hostname: 'test-conductor', metrics: new Registry(),
    config: { authStrategy: 'noauth', maxLimit: 1000, debug: false, maxBodyBytes: 1024 * 1024, publicUrl: 'http://ironic.test:6385', ...config },
    ...extra,
  };
  return { app: await buildApi(deps), store, actions, deps };
}

/** Headers asking for microversion 1.N. */
export function v(minor: number): Record<string, string> {
  return { 'X-OpenStack-Ironic-API-Version': `1.${minor}` };
}

/** The faultstring inside Ironic's error body, asserting the body's shape on the way. */
export function faultOf(body: string): { faultcode: string; faultstring: string; debuginfo: unknown } {
  const outer = JSON.parse(body) as { error_message: string };
  return JSON.parse(outer.error_message) as { faultcode: string; faultstring: string; debuginfo: unknown };
}
