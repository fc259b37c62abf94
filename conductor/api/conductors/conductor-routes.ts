import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { InvalidParameterValue, NotFound, systemClock, type ConductorRecord } from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldsParam } from '../fields-param.js';
import { requireResourceMinor } from '../microversion.js';
import { collectionBody, nextLink, PAGE_PARAMS, parseLimit, parseSort } from '../pagination.js';
import { asQuery, checkQueryArgs, queryBoolean, queryString } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { createRenderer, fieldMinVersions, type ResourceShape } from '../resource-view.js';
import { doc, type RouteOptions } from '../route-options.js';

/** A conductor without a heartbeat for this long is dead ([conductor]heartbeat_timeout). */
export const HEARTBEAT_TIMEOUT_MS = 60_000;

const CONDUCTOR_SHAPE: ResourceShape = {
  path: 'conductors', idField: 'hostname',
  fields: [['hostname', 49], ['conductor_group', 49], ['alive', 49], ['created_at', 49], ['updated_at', 49], ['drivers', 49]],
  afterLinks: ['alive', 'created_at', 'updated_at', 'drivers'],
  listFields: new Set(['hostname', 'conductor_group', 'alive']),
};
type ConductorView = ConductorRecord & { alive: boolean };

function withLiveness(deps: ApiDeps, record: ConductorRecord): ConductorView {
  const age = (deps.clock ?? systemClock).now() - Date.parse(record.updated_at);
  return { ...record, alive: record.online && age < HEARTBEAT_TIMEOUT_MS };
}

function sortConductors(items: ConductorView[], sortKey: string, sortDir: 'asc' | 'desc'): ConductorView[] {
  const key = (sortKey === 'id' ? 'created_at' : sortKey) as keyof ConductorView;
  const sorted = [...items].sort((a, b) => String(a[key]).localeCompare(String(b[key])) || a.hostname.localeCompare(b.hostname));
  return sortDir === 'desc' ? sorted.reverse() : sorted;
}

async function listConductors(deps: ApiDeps, request: FastifyRequest): Promise<object> {
  requireResourceMinor(request.apiMinor, 49);
  const query = asQuery(request.query);
  checkQueryArgs(query, ['detail', 'fields', ...PAGE_PARAMS]);
  const detail = queryBoolean(query, 'detail');
  const fields = parseFieldsParam(query, fieldMinVersions(CONDUCTOR_SHAPE), request.apiMinor);
  if (detail === true && fields) throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
  const limit = parseLimit(queryString(query, 'limit'), deps.config.maxLimit);
  const { sortKey, sortDir } = parseSort(query, { sortable: ['id', 'hostname', 'conductor_group', 'created_at', 'updated_at'] });
  let items = sortConductors((await deps.store.conductors.list()).map((c) => withLiveness(deps, c)), sortKey, sortDir);
  const marker = queryString(query, 'marker');
  if (marker !== undefined) {
    const index = items.findIndex((c) => c.hostname === marker);
    if (index < 0) throw new NotFound('Conductor', marker);
    items = items.slice(index + 1);
  }
  items = items.slice(0, limit);
  const baseUrl = baseUrlOf(request, deps.config.publicUrl);
  const render = createRenderer<ConductorView>(CONDUCTOR_SHAPE, { apiMinor: request.apiMinor, baseUrl, fields, summary: detail !== true });
  return collectionBody('conductors', items.map(render), nextLink(baseUrl, 'conductors', query, limit, items.length, items[items.length - 1]?.hostname));
}

/** `/v1/conductors` (1.49): registered conductors, alive from heartbeat age. */
export const conductorRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  app.get('/conductors', doc('conductors', 'List conductors'), (request) => listConductors(deps, request));
  app.get<{ Params: { hostname: string } }>('/conductors/:hostname', doc('conductors', 'Show a conductor'), async (request) => {
    requireResourceMinor(request.apiMinor, 49);
    const query = asQuery(request.query);
    checkQueryArgs(query, ['fields']);
    const fields = parseFieldsParam(query, fieldMinVersions(CONDUCTOR_SHAPE), request.apiMinor);
    const record = (await deps.store.conductors.list()).find((c) => c.hostname === request.params.hostname);
    if (!record) throw new NotFound('Conductor', request.params.hostname);
    const baseUrl = baseUrlOf(request, deps.config.publicUrl);
    return createRenderer<ConductorView>(CONDUCTOR_SHAPE, { apiMinor: request.apiMinor, baseUrl, fields })(withLiveness(deps, record));
  });
};
