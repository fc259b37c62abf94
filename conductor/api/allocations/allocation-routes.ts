import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  canonicalUuid, Conflict, InvalidParameterValue, isUuid, NodeLocked, NotFound, type AllocationRecord,
} from '../../../core/index.js';
import { ALLOCATION_SORT_KEYS, type AllocationFilters } from '../../persistence/repository.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldsParam } from '../fields-param.js';
import { applyPatch, parsePatch } from '../json-patch.js';
import { requireMinor, requireResourceMinor } from '../microversion.js';
import { findNode } from '../nodes/find-node.js';
import { collectionBody, nextLink, PAGE_PARAMS, parsePage } from '../pagination.js';
import { changedFields, checkPatchFields } from '../patch-fields.js';
import { asQuery, checkQueryArgs, queryString } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { createRenderer, fieldMinVersions } from '../resource-view.js';
import { doc, type RouteOptions } from '../route-options.js';
import { allocateNode, claimNode } from './allocate-node.js';
import { buildNewAllocation } from './allocation-body.js';
import { ALLOCATION_SHAPE } from './allocation-shape.js';

type IdParams = { Params: { id: string } };

async function findAllocation(deps: ApiDeps, ident: string, apiMinor: number): Promise<AllocationRecord> {
  requireResourceMinor(apiMinor, 52);
  const found = await deps.store.allocations.get(isUuid(ident) ? canonicalUuid(ident) : ident);
  if (!found) throw new NotFound('Allocation', ident);
  return found;
}

/** Deletes an allocation and frees its node (Ironic refuses while the node is active outside maintenance). */
export async function removeAllocation(deps: ApiDeps, allocation: AllocationRecord): Promise<void> {
  const node = allocation.node_uuid === null ? undefined : await deps.store.nodes.get(allocation.node_uuid);
  if (node) {
    if (node.provision_state === 'active' && !node.maintenance) {
      throw new Conflict('InvalidState', `Cannot remove allocation ${allocation.uuid} from node ${node.uuid} in provision state active`);
    }
    if (node.reservation !== null) throw new NodeLocked(node.uuid, node.reservation);
    await deps.store.nodes.update(node.uuid, node.version, {
      allocation_uuid: null, instance_uuid: node.instance_uuid === allocation.uuid ? null : node.instance_uuid,
    });
  }
  await deps.store.allocations.delete(allocation.uuid);
}

async function backfill(deps: ApiDeps, record: AllocationRecord, ident: string, apiMinor: number): Promise<Partial<AllocationRecord>> {
  const node = await findNode(deps.store, ident, apiMinor);
  if (node.allocation_uuid !== null) throw new Conflict('NodeAssociated', `Node ${node.uuid} already has an allocation ${node.allocation_uuid}`);
  if (record.resource_class !== '' && record.resource_class !== node.resource_class) {
    throw new InvalidParameterValue(`Cannot create allocation with resource class ${record.resource_class} for node ${node.uuid} with resource class ${String(node.resource_class)}`);
  }
  if (!(await claimNode(deps, node, record))) throw new NodeLocked(node.uuid, node.reservation ?? 'another request');
  return { state: 'active', node_uuid: node.uuid, resource_class: node.resource_class ?? record.resource_class };
}

async function listAllocations(deps: ApiDeps, request: FastifyRequest): Promise<object> {
  requireResourceMinor(request.apiMinor, 52);
  const query = asQuery(request.query);
  checkQueryArgs(query, ['node', 'resource_class', 'state', 'owner', 'fields', ...PAGE_PARAMS]);
  if (query['owner'] !== undefined) requireMinor(request.apiMinor, 60);
  const fields = parseFieldsParam(query, fieldMinVersions(ALLOCATION_SHAPE), request.apiMinor);
  const page = parsePage(query, deps.config.maxLimit, { sortable: ALLOCATION_SORT_KEYS, unsortable: ['extra', 'traits', 'candidate_nodes'] });
  const filters: AllocationFilters = { resource_class: queryString(query, 'resource_class'), state: queryString(query, 'state'), owner: queryString(query, 'owner') };
  const node = queryString(query, 'node');
  if (node !== undefined) filters.node_uuid = (await findNode(deps.store, node, request.apiMinor)).uuid;
  const items = await deps.store.allocations.list(filters, page);
  const baseUrl = baseUrlOf(request, deps.config.publicUrl);
  const render = createRenderer<AllocationRecord>(ALLOCATION_SHAPE, { apiMinor: request.apiMinor, baseUrl, fields });
  return collectionBody('allocations', items.map(render), nextLink(baseUrl, 'allocations', query, page.limit, items.length, items[items.length - 1]?.uuid));
}

/** `/v1/allocations` (1.52) and `/v1/nodes/{id}/allocation`. */
export const allocationRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const render = (request: FastifyRequest, fields?: ReadonlySet<string>) =>
    createRenderer<AllocationRecord>(ALLOCATION_SHAPE, { apiMinor: request.apiMinor, baseUrl: baseUrlOf(request, deps.config.publicUrl), fields });

  app.get('/allocations', doc('allocations', 'List allocations'), (request) => listAllocations(deps, request));
  app.get<IdParams>('/allocations/:id', doc('allocations', 'Show an allocation'), async (request) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['fields']);
    const found = await findAllocation(deps, request.params.id, request.apiMinor);
    return render(request, parseFieldsParam(query, fieldMinVersions(ALLOCATION_SHAPE), request.apiMinor))(found);
  });
  app.post('/allocations', doc('allocations', 'Create an allocation'), async (request, reply) => {
    requireResourceMinor(request.apiMinor, 52);
    const { record, backfillNode } = await buildNewAllocation(deps, request.body, request.apiMinor);
    const created = await deps.store.allocations.create(record);
    const outcome = backfillNode === undefined ? await allocateNode(deps, created) : await backfill(deps, created, backfillNode, request.apiMinor);
    const allocation = await deps.store.allocations.update(created.uuid, outcome);
    request.log.info({ allocation: allocation.uuid, node: allocation.node_uuid, state: allocation.state }, 'allocation processed');
    return reply.code(201).header('Location', `${baseUrlOf(request, deps.config.publicUrl)}/v1/allocations/${allocation.uuid}`).send(render(request)(allocation));
  });
  app.patch<IdParams>('/allocations/:id', doc('allocations', 'Update an allocation'), async (request) => {
    requireResourceMinor(request.apiMinor, 57);
    const ops = parsePatch(request.body);
    checkPatchFields(ops, ['name', 'extra'], fieldMinVersions(ALLOCATION_SHAPE), request.apiMinor);
    const found = await findAllocation(deps, request.params.id, request.apiMinor);
    const before = found as unknown as Record<string, unknown>;
    const changes = changedFields(before, applyPatch({ name: found.name, extra: found.extra }, ops), ['name', 'extra'], { extra: {} });
    const name = changes['name'];
    if (name !== undefined && name !== null && (typeof name !== 'string' || isUuid(name))) throw new InvalidParameterValue(`Invalid allocation name ${String(name)}`);
    if ('extra' in changes && (typeof changes['extra'] !== 'object' || Array.isArray(changes['extra']))) throw new InvalidParameterValue('extra must be an object');
    if (Object.keys(changes).length === 0) return render(request)(found);
    return render(request)(await deps.store.allocations.update(found.uuid, { ...changes, extra: (changes['extra'] ?? found.extra) as AllocationRecord['extra'] }));
  });
  app.delete<IdParams>('/allocations/:id', doc('allocations', 'Delete an allocation'), async (request, reply) => {
    await removeAllocation(deps, await findAllocation(deps, request.params.id, request.apiMinor));
    return reply.code(204).send();
  });

  const nodeAllocation = async (request: FastifyRequest<{ Params: { ident: string } }>) => {
    requireResourceMinor(request.apiMinor, 52);
    const node = await findNode(deps.store, request.params.ident, request.apiMinor);
    const found = node.allocation_uuid === null ? undefined : await deps.store.allocations.get(node.allocation_uuid);
    if (!found) throw new NotFound('Allocation', node.uuid, `Allocation for node ${node.uuid} could not be found.`);
    return found;
  };
  app.get<{ Params: { ident: string } }>('/nodes/:ident/allocation', doc('nodes', 'Allocation of a node'), async (request) =>
    render(request)(await nodeAllocation(request)));
  app.delete<{ Params: { ident: string } }>('/nodes/:ident/allocation', doc('nodes', 'Remove the allocation of a node'), async (request, reply) => {
    await removeAllocation(deps, await nodeAllocation(request));
    return reply.code(204).send();
  });
};
