import type { FastifyPluginAsync } from 'fastify';
import { NotFound } from '../../../core/index.js';
import type { RouteOptions } from '../route-options.js';

/**
 * Public agent endpoints: lookup, heartbeat, continue_inspection.
 * TODO(#5): implement them; until then they answer 404 like an unknown node, which IPA retries.
 */
export const agentStubRoutes: FastifyPluginAsync<RouteOptions> = async (app) => {
  const notYet = async (): Promise<never> => {
    throw new NotFound('resource', '', 'The resource could not be found.');
  };
  app.get('/lookup', { schema: { hide: true } }, notYet);
  app.post('/heartbeat/:ident', { schema: { hide: true } }, notYet);
  app.post('/continue_inspection', { schema: { hide: true } }, notYet);
};
