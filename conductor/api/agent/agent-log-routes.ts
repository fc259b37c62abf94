import type { FastifyPluginAsync } from 'fastify';
import { NotFound } from '../../../core/index.js';
import { baseUrlOf } from '../request-context.js';
import { doc, type RouteOptions } from '../route-options.js';

/**
 * Ferro extension: the ramdisk logs the conductor collected (agent.deployLogsCollect), per node, newest first,
 * and each gzipped tarball. Authenticated like every node route; not part of Ironic's API.
 */
export const agentLogRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  app.get<{ Params: { ident: string } }>('/nodes/:ident/agent_logs', doc('nodes', 'Stored ramdisk logs (Ferro)'), async (request) => {
    if (deps.agent === undefined) return { agent_logs: [] };
    const entries = await deps.agent.listLogs(request.params.ident);
    const base = baseUrlOf(request, deps.config.publicUrl);
    return {
      agent_logs: entries.map((e) => ({
        ...e, links: [{ href: `${base}/v1/nodes/${request.params.ident}/agent_logs/${e.name}`, rel: 'self' }],
      })),
    };
  });

  app.get<{ Params: { ident: string; name: string } }>('/nodes/:ident/agent_logs/:name', doc('nodes', 'One ramdisk log tarball (Ferro)'), async (request, reply) => {
    if (deps.agent === undefined) throw new NotFound('Agent log', request.params.name);
    const data = await deps.agent.readLog(request.params.ident, request.params.name);
    return reply.type('application/gzip').header('content-disposition', `attachment; filename="${request.params.name}"`).send(data);
  });
};
