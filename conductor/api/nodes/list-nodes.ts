import type { FastifyRequest } from 'fastify';
import { InvalidParameterValue, NotFound, type NodeRecord } from '../../../core/index.js';
import { NODE_SORT_KEYS, type NodeFilters } from '../../persistence/repository.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldsParam } from '../fields-param.js';
import { collectionBody, nextLink, parsePage } from '../pagination.js';
import { asQuery, queryBoolean } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { NODE_FIELD_MIN, NODE_JSON_FIELDS } from './node-fields.js';
import { NODE_LIST_PARAMS, parseNodeListQuery } from './node-list-query.js';
import { createNodeRenderer } from './node-view.js';

/** Which node collection is being listed. */
export interface NodeListScope {
  /** `/detail` sub-path: full objects, and `fields`/`detail` are not accepted. */
  detailPath: boolean;
  /** Path after `/v1/` used for the `next` link. */
  resourcePath: string;
  /** Filters imposed by the parent resource (a chassis). */
  fixedFilters?: NodeFilters;
}

/** `GET /v1/nodes[/detail]` and the chassis' node sub-collection. */
export async function listNodes(deps: ApiDeps, request: FastifyRequest, scope: NodeListScope): Promise<object> {
  const query = asQuery(request.query);
  const minor = request.apiMinor;
  const allowed = scope.detailPath ? NODE_LIST_PARAMS.filter((p) => p !== 'fields' && p !== 'detail') : NODE_LIST_PARAMS;
  const { filters, conductor } = parseNodeListQuery(query, minor, allowed);
  const detail = queryBoolean(query, 'detail');
  const fields = parseFieldsParam(query, NODE_FIELD_MIN, minor);
  if (detail === true && fields) throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
  const page = parsePage(query, deps.config.maxLimit, { sortable: NODE_SORT_KEYS, unsortable: NODE_JSON_FIELDS });
  if (page.marker !== undefined && !(await deps.store.nodes.get(page.marker))) throw new NotFound('Node', page.marker);
  const nodes: NodeRecord[] = conductor !== undefined && conductor !== deps.hostname
    ? [] : await deps.store.nodes.list({ ...filters, ...scope.fixedFilters }, page);
  const baseUrl = baseUrlOf(request, deps.config.publicUrl);
  const render = createNodeRenderer({
    apiMinor: minor, baseUrl, conductor: deps.hostname, fields, summary: !scope.detailPath && detail !== true,
  });
  const next = nextLink(baseUrl, scope.resourcePath, query, page.limit, nodes.length, nodes[nodes.length - 1]?.uuid);
  return collectionBody('nodes', nodes.map(render), next);
}
