import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { canonicalUuid, isUuid, NodeLocked, NotFound, type PortRecord } from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldsParam } from '../fields-param.js';
import { applyPatch, parsePatch } from '../json-patch.js';
import { requireResourceMinor } from '../microversion.js';
import { findNode } from '../nodes/find-node.js';
import { changedFields, checkPatchFields } from '../patch-fields.js';
import { asQuery, checkQueryArgs } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { createRenderer, fieldMinVersions } from '../resource-view.js';
import { doc, type RouteOptions } from '../route-options.js';
import { listPorts } from './list-ports.js';
import { buildNewPort, checkPortChanges } from './port-body.js';
import { PORT_PATCH_FIELDS, PORT_SHAPE } from './port-shape.js';

type IdParams = { Params: { id: string } };

/** A port by UUID (or by name from 1.88); 404 PortNotFound otherwise. */
export async function findPort(deps: ApiDeps, ident: string, apiMinor: number): Promise<PortRecord> {
  const port = isUuid(ident) ? await deps.store.ports.get(canonicalUuid(ident)) : apiMinor >= 88 ? await deps.store.ports.get(ident) : undefined;
  if (!port) throw new NotFound('Port', ident);
  return port;
}

async function checkNodeUnlocked(deps: ApiDeps, nodeUuid: string): Promise<void> {
  const node = await deps.store.nodes.get(nodeUuid);
  if (node?.reservation != null) throw new NodeLocked(node.uuid, node.reservation);
}

/** `/v1/ports` and `/v1/nodes/{id}/ports`. */
export const portRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const render = (request: FastifyRequest, fields?: ReadonlySet<string>) =>
    createRenderer<PortRecord>(PORT_SHAPE, { apiMinor: request.apiMinor, baseUrl: baseUrlOf(request, deps.config.publicUrl), fields });

  app.get('/ports', doc('ports', 'List ports'), (request) => listPorts(deps, request, { detailPath: false, resourcePath: 'ports' }));
  app.get('/ports/detail', doc('ports', 'List ports with details'), (request) => listPorts(deps, request, { detailPath: true, resourcePath: 'ports/detail' }));

  app.get<IdParams>('/ports/:id', doc('ports', 'Show a port'), async (request) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['fields']);
    const fields = parseFieldsParam(query, fieldMinVersions(PORT_SHAPE), request.apiMinor);
    return render(request, fields)(await findPort(deps, request.params.id, request.apiMinor));
  });

  app.post('/ports', doc('ports', 'Create a port'), async (request, reply) => {
    const port = await deps.store.ports.create(await buildNewPort(deps, request.body, request.apiMinor));
    request.log.info({ port: port.uuid, node: port.node_uuid, mac: port.address }, 'port created');
    return reply.code(201).header('Location', `${baseUrlOf(request, deps.config.publicUrl)}/v1/ports/${port.uuid}`).send(render(request)(port));
  });

  app.patch<IdParams>('/ports/:id', doc('ports', 'Update a port (JSON-Patch)'), async (request) => {
    const ops = parsePatch(request.body);
    checkPatchFields(ops, PORT_PATCH_FIELDS, fieldMinVersions(PORT_SHAPE), request.apiMinor);
    const port = await findPort(deps, request.params.id, request.apiMinor);
    await checkNodeUnlocked(deps, port.node_uuid);
    const before = port as unknown as Record<string, unknown>;
    const patched = applyPatch(Object.fromEntries(PORT_PATCH_FIELDS.map((f) => [f, before[f]])), ops);
    const changes = changedFields(before, patched, PORT_PATCH_FIELDS, { extra: {}, local_link_connection: {}, pxe_enabled: true, is_smartnic: false });
    if (Object.keys(changes).length === 0) return render(request)(port);
    const updated = await deps.store.ports.update(port.uuid, await checkPortChanges(deps, port, changes));
    return render(request)(updated);
  });

  app.delete<IdParams>('/ports/:id', doc('ports', 'Delete a port'), async (request, reply) => {
    const port = await findPort(deps, request.params.id, request.apiMinor);
    await checkNodeUnlocked(deps, port.node_uuid);
    await deps.store.ports.delete(port.uuid);
    return reply.code(204).send();
  });

  for (const detail of [false, true]) {
    const suffix = detail ? '/detail' : '';
    app.get<{ Params: { ident: string } }>(`/nodes/:ident/ports${suffix}`, doc('nodes', 'List ports of a node'), async (request) => {
      const node = await findNode(deps.store, request.params.ident, request.apiMinor);
      return listPorts(deps, request, { detailPath: detail, resourcePath: `nodes/${node.uuid}/ports${suffix}`, fixedFilters: { node_uuid: node.uuid } });
    });
    app.get<{ Params: { ident: string } }>(`/portgroups/:ident/ports${suffix}`, doc('portgroups', 'List ports of a portgroup'), async (request) => {
      requireResourceMinor(request.apiMinor, 24);
      const group = await deps.store.portgroups.get(isUuid(request.params.ident) ? canonicalUuid(request.params.ident) : request.params.ident);
      if (!group) throw new NotFound('Portgroup', request.params.ident);
      return listPorts(deps, request, { detailPath: detail, resourcePath: `portgroups/${group.uuid}/ports${suffix}`, fixedFilters: { portgroup_uuid: group.uuid } });
    });
  }
};
