import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { canonicalUuid, InvalidParameterValue, isUuid, NotFound, type PortgroupRecord } from '../../../core/index.js';
import { PORTGROUP_SORT_KEYS, type PortgroupFilters } from '../../persistence/repository.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldsParam } from '../fields-param.js';
import { applyPatch, parsePatch } from '../json-patch.js';
import { requireMinor, requireResourceMinor } from '../microversion.js';
import { findNode } from '../nodes/find-node.js';
import { collectionBody, nextLink, PAGE_PARAMS, parsePage } from '../pagination.js';
import { changedFields, checkPatchFields } from '../patch-fields.js';
import { checkAddress } from '../ports/port-body.js';
import { asQuery, checkQueryArgs, queryBoolean, queryString } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { createRenderer, fieldMinVersions } from '../resource-view.js';
import { doc, type RouteOptions } from '../route-options.js';
import { buildNewPortgroup, checkPortgroupChanges } from './portgroup-body.js';
import { PORTGROUP_PATCH_FIELDS, PORTGROUP_SHAPE } from './portgroup-shape.js';

type IdParams = { Params: { id: string } };

async function findPortgroup(deps: ApiDeps, ident: string, apiMinor: number): Promise<PortgroupRecord> {
  requireResourceMinor(apiMinor, 23);
  const group = await deps.store.portgroups.get(isUuid(ident) ? canonicalUuid(ident) : ident);
  if (!group) throw new NotFound('Portgroup', ident);
  return group;
}

async function listPortgroups(deps: ApiDeps, request: FastifyRequest, detailPath: boolean, resourcePath: string, fixed: PortgroupFilters): Promise<object> {
  requireResourceMinor(request.apiMinor, 23);
  const query = asQuery(request.query);
  checkQueryArgs(query, ['node', 'address', ...(detailPath ? [] : ['detail', 'fields']), ...PAGE_PARAMS]);
  if (query['detail'] !== undefined) requireMinor(request.apiMinor, 43);
  const detail = queryBoolean(query, 'detail');
  const fields = parseFieldsParam(query, fieldMinVersions(PORTGROUP_SHAPE), request.apiMinor);
  if (detail === true && fields) throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
  const page = parsePage(query, deps.config.maxLimit, { sortable: PORTGROUP_SORT_KEYS, unsortable: ['extra', 'internal_info', 'properties'] });
  const filters: PortgroupFilters = { ...fixed };
  const node = queryString(query, 'node');
  if (node !== undefined) filters.node_uuid = (await findNode(deps.store, node, request.apiMinor)).uuid;
  const address = queryString(query, 'address');
  if (address !== undefined) filters.address = checkAddress(address);
  const groups = await deps.store.portgroups.list(filters, page);
  const baseUrl = baseUrlOf(request, deps.config.publicUrl);
  const render = createRenderer<PortgroupRecord>(PORTGROUP_SHAPE, { apiMinor: request.apiMinor, baseUrl, fields, summary: !detailPath && detail !== true });
  const next = nextLink(baseUrl, resourcePath, query, page.limit, groups.length, groups[groups.length - 1]?.uuid);
  return collectionBody('portgroups', groups.map(render), next);
}

/** `/v1/portgroups` (1.23) and `/v1/nodes/{id}/portgroups` (1.24). */
export const portgroupRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const render = (request: FastifyRequest, fields?: ReadonlySet<string>) =>
    createRenderer<PortgroupRecord>(PORTGROUP_SHAPE, { apiMinor: request.apiMinor, baseUrl: baseUrlOf(request, deps.config.publicUrl), fields });

  app.get('/portgroups', doc('portgroups', 'List portgroups'), (request) => listPortgroups(deps, request, false, 'portgroups', {}));
  app.get('/portgroups/detail', doc('portgroups', 'List portgroups with details'), (request) => listPortgroups(deps, request, true, 'portgroups/detail', {}));
  app.get<IdParams>('/portgroups/:id', doc('portgroups', 'Show a portgroup'), async (request) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['fields']);
    const group = await findPortgroup(deps, request.params.id, request.apiMinor);
    return render(request, parseFieldsParam(query, fieldMinVersions(PORTGROUP_SHAPE), request.apiMinor))(group);
  });
  app.post('/portgroups', doc('portgroups', 'Create a portgroup'), async (request, reply) => {
    requireResourceMinor(request.apiMinor, 23);
    const group = await deps.store.portgroups.create(await buildNewPortgroup(deps, request.body, request.apiMinor));
    return reply.code(201).header('Location', `${baseUrlOf(request, deps.config.publicUrl)}/v1/portgroups/${group.uuid}`).send(render(request)(group));
  });
  app.patch<IdParams>('/portgroups/:id', doc('portgroups', 'Update a portgroup'), async (request) => {
    const group = await findPortgroup(deps, request.params.id, request.apiMinor);
    const ops = parsePatch(request.body);
    checkPatchFields(ops, PORTGROUP_PATCH_FIELDS, fieldMinVersions(PORTGROUP_SHAPE), request.apiMinor);
    const before = group as unknown as Record<string, unknown>;
    const patched = applyPatch(Object.fromEntries(PORTGROUP_PATCH_FIELDS.map((f) => [f, before[f]])), ops);
    const changes = changedFields(before, patched, PORTGROUP_PATCH_FIELDS, { extra: {}, properties: {}, standalone_ports_supported: true });
    if (Object.keys(changes).length === 0) return render(request)(group);
    return render(request)(await deps.store.portgroups.update(group.uuid, await checkPortgroupChanges(deps, changes)));
  });
  app.delete<IdParams>('/portgroups/:id', doc('portgroups', 'Delete a portgroup'), async (request, reply) => {
    const group = await findPortgroup(deps, request.params.id, request.apiMinor);
    await deps.store.portgroups.delete(group.uuid);
    return reply.code(204).send();
  });
  for (const detail of [false, true]) {
    const suffix = detail ? '/detail' : '';
    app.get<{ Params: { ident: string } }>(`/nodes/:ident/portgroups${suffix}`, doc('nodes', 'List portgroups of a node'), async (request) => {
      requireResourceMinor(request.apiMinor, 24);
      const node = await findNode(deps.store, request.params.ident, request.apiMinor);
      return listPortgroups(deps, request, detail, `nodes/${node.uuid}/portgroups${suffix}`, { node_uuid: node.uuid });
    });
  }
};
