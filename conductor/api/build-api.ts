import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { agentLogRoutes } from './agent/agent-log-routes.js';
import { agentRoutes } from './agent/agent-routes.js';
import { allocationRoutes } from './allocations/allocation-routes.js';
import type { ApiDeps } from './api-deps.js';
import { registerBasicAuth } from './auth/basic-auth.js';
import { loadHtpasswd } from './auth/htpasswd.js';
import { chassisRoutes } from './chassis/chassis-routes.js';
import { conductorRoutes } from './conductors/conductor-routes.js';
import { deployTemplateRoutes } from './deploy-templates/deploy-template-routes.js';
import { driverRoutes } from './drivers/driver-routes.js';
import { toIronicError } from './error-body.js';
import { registerErrorHandling, registerJsonParser } from './error-handling.js';
import { registerMetrics } from './metrics.js';
import { MAX_API_MINOR, MAX_VERSION_HEADER, MIN_API_MINOR, MIN_VERSION_HEADER, versionString } from './microversion.js';
import { nodeDataRoutes } from './nodes/node-data-routes.js';
import { nodeManagementRoutes } from './nodes/node-management-routes.js';
import { nodeRoutes } from './nodes/node-routes.js';
import { nodeStateRoutes } from './nodes/node-state-routes.js';
import { nodeTraitRoutes } from './nodes/node-trait-routes.js';
import { nodeVifRoutes } from './nodes/node-vif-routes.js';
import { nodeVmediaRoutes } from './nodes/node-vmedia-routes.js';
import { portgroupRoutes } from './portgroups/portgroup-routes.js';
import { portRoutes } from './ports/port-routes.js';
import { registerRequestContext } from './request-context.js';
import { rootRoutes } from './root/root-routes.js';
import type { RouteOptions } from './route-options.js';
import { shardRoutes } from './shards/shard-routes.js';

/** First path segments served under /v1 also without the prefix (Ironic's root `_lookup`). */
const V1_RESOURCES = new Set([
  'nodes', 'ports', 'portgroups', 'chassis', 'drivers', 'conductors', 'allocations', 'deploy_templates', 'shards',
  'lookup', 'heartbeat', 'continue_inspection', 'volume', 'events',
]);

/** Secrets that must never reach the log, whatever object carries them. */
const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers["x-auth-token"]', '*.password', '*.ipmi_password', '*.redfish_password',
  '*.agent_secret_token', '*.rescue_password', '*.configdrive', 'driver_info', '*.driver_info',
];

function rewriteUrl(url: string): string {
  const segment = url.slice(1).split(/[/?]/, 1)[0] ?? '';
  return V1_RESOURCES.has(segment) ? `/v1${url}` : url;
}

const V1_PLUGINS = [
  nodeRoutes, nodeStateRoutes, nodeManagementRoutes, nodeTraitRoutes, nodeVifRoutes, nodeVmediaRoutes, nodeDataRoutes,
  portRoutes, portgroupRoutes, chassisRoutes, driverRoutes, conductorRoutes, allocationRoutes, deployTemplateRoutes,
  shardRoutes, agentRoutes, agentLogRoutes,
];

function createServer(deps: ApiDeps): FastifyInstance {
  const logger: FastifyBaseLogger = deps.log.child({ component: 'api' }, { redact: { paths: REDACT_PATHS, censor: '******' } });
  return Fastify({
    loggerInstance: logger,
    genReqId: () => `req-${randomUUID()}`,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: true }),
    bodyLimit: deps.config.maxBodyBytes,
    routerOptions: { maxParamLength: 512, ignoreTrailingSlash: true },
    rewriteUrl: (req) => rewriteUrl(req.url ?? '/'),
    frameworkErrors: (error, _request, rawReply) => {
      const { status, text } = toIronicError(error, false);
      const reply = rawReply as unknown as FastifyReply;
      void reply.code(status).header(MIN_VERSION_HEADER, versionString(MIN_API_MINOR))
        .header(MAX_VERSION_HEADER, versionString(MAX_API_MINOR)).type('application/json').send(text);
    },
  });
}

/**
 * Builds the Ironic-compatible REST API (ironic.md §1) on fastify: discovery, microversions,
 * auth, every resource plugin, OpenAPI at /v1/openapi.json and Prometheus at /metrics. The
 * caller listens; nothing here binds a socket.
 */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = createServer(deps);
  registerErrorHandling(app, deps.config.debug);
  registerJsonParser(app);
  registerRequestContext(app);
  if (deps.config.authStrategy === 'http_basic') {
    if (deps.config.htpasswdPath === undefined) throw new Error('http_basic auth needs an htpasswd file (htpasswdPath)');
    registerBasicAuth(app, await loadHtpasswd(deps.config.htpasswdPath));
  }
  app.addHook('onResponse', (request, reply, done) => {
    const level = reply.statusCode >= 500 ? 'error' : request.method === 'GET' && reply.statusCode < 400 ? 'debug' : 'info';
    request.log[level]({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request completed');
    done();
  });
  registerMetrics(app, deps.metrics, deps.store);
  await app.register(swagger, {
    openapi: { info: { title: 'Ferro bare metal API (Ironic-compatible)', version: versionString(MAX_API_MINOR) } },
  });
  const options: RouteOptions = { deps };
  await app.register(rootRoutes, options);
  for (const plugin of V1_PLUGINS) await app.register(plugin, { ...options, prefix: '/v1' });
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}
