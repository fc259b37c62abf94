import type { FastifyPluginAsync } from 'fastify';
import { requireResourceMinor } from '../microversion.js';
import { asQuery, checkQueryArgs } from '../query-params.js';
import { doc, type RouteOptions } from '../route-options.js';

/** Upper bound of nodes scanned to count shards. */
const SCAN_LIMIT = 1_000_000;

/** `GET /v1/shards` (1.82): node counts per shard; Ironic prints an unset shard as "None". */
export const shardRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  app.get('/shards', doc('shards', 'List shards'), async (request) => {
    requireResourceMinor(request.apiMinor, 82);
    checkQueryArgs(asQuery(request.query), []);
    const nodes = await deps.store.nodes.list({}, { limit: SCAN_LIMIT, sortKey: 'id', sortDir: 'asc' });
    const counts = new Map<string, number>();
    for (const node of nodes) {
      const name = node.shard ?? 'None';
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return { shards: [...counts].map(([name, count]) => ({ name, count })) };
  });
};
