import type { FastifyRequest } from 'fastify';
import { canonicalUuid, InvalidParameterValue, isUuid, NotFound, type PortRecord } from '../../../core/index.js';
import { PORT_SORT_KEYS, type PortFilters } from '../../persistence/repository.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldsParam } from '../fields-param.js';
import { requireMinor } from '../microversion.js';
import { findNode } from '../nodes/find-node.js';
import { collectionBody, nextLink, PAGE_PARAMS, parsePage } from '../pagination.js';
import { asQuery, checkQueryArgs, queryBoolean, queryString, type Query } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { createRenderer, fieldMinVersions } from '../resource-view.js';
import { checkAddress } from './port-body.js';
import { PORT_LIST_PARAMS, PORT_SHAPE } from './port-shape.js';

/** Which port collection is being listed. */
export interface PortListScope {
  detailPath: boolean;
  resourcePath: string;
  fixedFilters?: PortFilters;
}

async function portFilters(deps: ApiDeps, query: Query, apiMinor: number): Promise<PortFilters> {
  const filters: PortFilters = {};
  const node = queryString(query, 'node') ?? queryString(query, 'node_uuid');
  if (node !== undefined) filters.node_uuid = (await findNode(deps.store, node, apiMinor)).uuid;
  const address = queryString(query, 'address');
  if (address !== undefined) filters.address = checkAddress(address);
  const group = queryString(query, 'portgroup');
  if (group !== undefined) {
    const found = await deps.store.portgroups.get(isUuid(group) ? canonicalUuid(group) : group);
    if (!found) throw new NotFound('Portgroup', group);
    filters.portgroup_uuid = found.uuid;
  }
  const shard = queryString(query, 'shard');
  if (shard !== undefined) filters.shard = shard.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return filters;
}

/** `GET /v1/ports[/detail]` and the node/portgroup port sub-collections. */
export async function listPorts(deps: ApiDeps, request: FastifyRequest, scope: PortListScope): Promise<object> {
  const query = asQuery(request.query);
  const minor = request.apiMinor;
  const params = PORT_LIST_PARAMS.filter(([n]) => !scope.detailPath || (n !== 'fields' && n !== 'detail'));
  checkQueryArgs(query, [...params.map(([n]) => n), ...PAGE_PARAMS]);
  for (const [name, min] of params) if (query[name] !== undefined) requireMinor(minor, min);
  const detail = queryBoolean(query, 'detail');
  const fields = parseFieldsParam(query, fieldMinVersions(PORT_SHAPE), minor);
  if (detail === true && fields) throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
  const page = parsePage(query, deps.config.maxLimit, { sortable: PORT_SORT_KEYS, unsortable: ['extra', 'internal_info', 'local_link_connection'] });
  if (page.marker !== undefined && !(await deps.store.ports.get(page.marker))) throw new NotFound('Port', page.marker);
  const filters = { ...(await portFilters(deps, query, minor)), ...scope.fixedFilters };
  const ports: PortRecord[] = await deps.store.ports.list(filters, page);
  const baseUrl = baseUrlOf(request, deps.config.publicUrl);
  const render = createRenderer<PortRecord>(PORT_SHAPE, { apiMinor: minor, baseUrl, fields, summary: !scope.detailPath && detail !== true });
  const next = nextLink(baseUrl, scope.resourcePath, query, page.limit, ports.length, ports[ports.length - 1]?.uuid);
  return collectionBody('ports', ports.map(render), next);
}
