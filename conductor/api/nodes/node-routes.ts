import type { FastifyPluginAsync } from 'fastify';
import { parseFieldsParam } from '../fields-param.js';
import { parsePatch } from '../json-patch.js';
import { requireMinor } from '../microversion.js';
import { asQuery, checkQueryArgs, queryBoolean } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { doc, type RouteOptions } from '../route-options.js';
import { deleteNode } from './delete-node.js';
import { findNode } from './find-node.js';
import { listNodes } from './list-nodes.js';
import { buildNewNode } from './node-create.js';
import { NODE_FIELD_MIN } from './node-fields.js';
import { checkPatchPaths, patchNode } from './node-patch.js';
import { createNodeRenderer } from './node-view.js';

type IdentParams = { Params: { ident: string } };

/** `/v1/nodes`: list, detail, show, create, update (JSON-Patch) and delete. */
export const nodeRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const renderer = (request: Parameters<typeof baseUrlOf>[0], fields?: ReadonlySet<string>) => createNodeRenderer({
    apiMinor: request.apiMinor, baseUrl: baseUrlOf(request, deps.config.publicUrl), conductor: deps.hostname, fields,
  });

  app.get('/nodes', doc('nodes', 'List nodes'), (request) => listNodes(deps, request, { detailPath: false, resourcePath: 'nodes' }));
  app.get('/nodes/detail', doc('nodes', 'List nodes with details'), (request) =>
    listNodes(deps, request, { detailPath: true, resourcePath: 'nodes/detail' }));

  app.get<IdentParams>('/nodes/:ident', doc('nodes', 'Show a node'), async (request) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['fields']);
    const fields = parseFieldsParam(query, NODE_FIELD_MIN, request.apiMinor);
    const node = await findNode(deps.store, request.params.ident, request.apiMinor);
    return renderer(request, fields)(node);
  });

  app.post('/nodes', doc('nodes', 'Create a node'), async (request, reply) => {
    checkQueryArgs(asQuery(request.query), []);
    const node = await deps.store.nodes.create(await buildNewNode(deps, request.body, request.apiMinor));
    request.log.info({ node: node.uuid, driver: node.driver }, 'node created');
    const base = baseUrlOf(request, deps.config.publicUrl);
    return reply.code(201).header('Location', `${base}/v1/nodes/${node.uuid}`).send(renderer(request)(node));
  });

  app.patch<IdentParams>('/nodes/:ident', doc('nodes', 'Update a node (JSON-Patch)'), async (request) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['reset_interfaces']);
    if (query['reset_interfaces'] !== undefined) requireMinor(request.apiMinor, 45);
    const ops = parsePatch(request.body);
    checkPatchPaths(ops, request.apiMinor);
    const node = await patchNode(deps, request.params.ident, ops, queryBoolean(query, 'reset_interfaces'), request.apiMinor);
    request.log.info({ node: node.uuid, paths: ops.map((op) => op.path) }, 'node updated');
    return renderer(request)(node);
  });

  app.delete<IdentParams>('/nodes/:ident', doc('nodes', 'Delete a node'), async (request, reply) => {
    checkQueryArgs(asQuery(request.query), []);
    const node = await findNode(deps.store, request.params.ident, request.apiMinor);
    await deleteNode(deps, node);
    request.log.info({ node: node.uuid }, 'node deleted');
    return reply.code(204).send();
  });
};
