import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  canonicalUuid, ChassisNotEmpty, InvalidParameterValue, isoTimestamp, isUuid, NotFound, systemClock,
  type ChassisRecord, type JsonObject,
} from '../../../core/index.js';
import { CHASSIS_SORT_KEYS } from '../../persistence/repository.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldsParam } from '../fields-param.js';
import { applyPatch, parsePatch } from '../json-patch.js';
import { requireMinor } from '../microversion.js';
import { listNodes } from '../nodes/list-nodes.js';
import { collectionBody, nextLink, PAGE_PARAMS, parsePage } from '../pagination.js';
import { changedFields, checkPatchFields } from '../patch-fields.js';
import { asQuery, checkQueryArgs, queryBoolean } from '../query-params.js';
import { checkBody, checkField, isJsonObject, type BodySpec } from '../request-body.js';
import { baseUrlOf } from '../request-context.js';
import { createRenderer, fieldMinVersions, type ResourceShape } from '../resource-view.js';
import { doc, type RouteOptions } from '../route-options.js';

/** Chassis fields in Ironic's output order. */
export const CHASSIS_SHAPE: ResourceShape = {
  path: 'chassis', idField: 'uuid',
  fields: [['uuid', 1], ['created_at', 1], ['updated_at', 1], ['description', 1], ['extra', 1]],
  listFields: new Set(['uuid', 'description']), subResources: [['nodes', 1]],
};
const CHASSIS_SPEC: BodySpec = {
  uuid: { types: ['string', 'null'] }, description: { types: ['string', 'null'], maxLength: 255 }, extra: { types: ['object', 'null'] },
};
type IdParams = { Params: { id: string } };

async function findChassis(deps: ApiDeps, ident: string): Promise<ChassisRecord> {
  const chassis = isUuid(ident) ? await deps.store.chassis.get(canonicalUuid(ident)) : undefined;
  if (!chassis) throw new NotFound('Chassis', ident);
  return chassis;
}

async function listChassis(deps: ApiDeps, request: FastifyRequest, detailPath: boolean): Promise<object> {
  const query = asQuery(request.query);
  checkQueryArgs(query, [...(detailPath ? [] : ['detail', 'fields']), ...PAGE_PARAMS]);
  if (query['detail'] !== undefined) requireMinor(request.apiMinor, 43);
  const detail = queryBoolean(query, 'detail');
  const fields = parseFieldsParam(query, fieldMinVersions(CHASSIS_SHAPE), request.apiMinor);
  if (detail === true && fields) throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
  const page = parsePage(query, deps.config.maxLimit, { sortable: CHASSIS_SORT_KEYS, unsortable: ['extra'] });
  const items = await deps.store.chassis.list({}, page);
  const baseUrl = baseUrlOf(request, deps.config.publicUrl);
  const render = createRenderer<ChassisRecord>(CHASSIS_SHAPE, { apiMinor: request.apiMinor, baseUrl, fields, summary: !detailPath && detail !== true });
  const next = nextLink(baseUrl, detailPath ? 'chassis/detail' : 'chassis', query, page.limit, items.length, items[items.length - 1]?.uuid);
  return collectionBody('chassis', items.map(render), next);
}

/** `/v1/chassis` and `/v1/chassis/{id}/nodes`. */
export const chassisRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const render = (request: FastifyRequest, fields?: ReadonlySet<string>) =>
    createRenderer<ChassisRecord>(CHASSIS_SHAPE, { apiMinor: request.apiMinor, baseUrl: baseUrlOf(request, deps.config.publicUrl), fields });

  app.get('/chassis', doc('chassis', 'List chassis'), (request) => listChassis(deps, request, false));
  app.get('/chassis/detail', doc('chassis', 'List chassis with details'), (request) => listChassis(deps, request, true));
  app.get<IdParams>('/chassis/:id', doc('chassis', 'Show a chassis'), async (request) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['fields']);
    return render(request, parseFieldsParam(query, fieldMinVersions(CHASSIS_SHAPE), request.apiMinor))(await findChassis(deps, request.params.id));
  });
  app.post('/chassis', doc('chassis', 'Create a chassis'), async (request, reply) => {
    const body = checkBody(request.body, CHASSIS_SPEC, 'chassis', request.apiMinor);
    const uuid = body['uuid'];
    if (typeof uuid === 'string' && !isUuid(uuid)) throw new InvalidParameterValue(`Expected UUID for uuid: ${uuid}`);
    const chassis = await deps.store.chassis.create({
      uuid: typeof uuid === 'string' ? canonicalUuid(uuid) : randomUUID(),
      description: typeof body['description'] === 'string' ? body['description'] : null,
      extra: isJsonObject(body['extra']) ? (body['extra'] as JsonObject) : {},
      created_at: isoTimestamp((deps.clock ?? systemClock).now()), updated_at: null,
    });
    return reply.code(201).header('Location', `${baseUrlOf(request, deps.config.publicUrl)}/v1/chassis/${chassis.uuid}`).send(render(request)(chassis));
  });
  app.patch<IdParams>('/chassis/:id', doc('chassis', 'Update a chassis'), async (request) => {
    const ops = parsePatch(request.body);
    checkPatchFields(ops, ['description', 'extra'], fieldMinVersions(CHASSIS_SHAPE), request.apiMinor);
    const chassis = await findChassis(deps, request.params.id);
    const before = chassis as unknown as Record<string, unknown>;
    const changes = changedFields(before, applyPatch({ description: chassis.description, extra: chassis.extra }, ops), ['description', 'extra'], { extra: {} });
    for (const [key, value] of Object.entries(changes)) if (CHASSIS_SPEC[key]) checkField('chassis', value, CHASSIS_SPEC[key]);
    if (changes['extra'] === null) changes['extra'] = {};
    if (Object.keys(changes).length === 0) return render(request)(chassis);
    return render(request)(await deps.store.chassis.update(chassis.uuid, changes));
  });
  app.delete<IdParams>('/chassis/:id', doc('chassis', 'Delete a chassis'), async (request, reply) => {
    const chassis = await findChassis(deps, request.params.id);
    if ((await deps.store.nodes.count({ chassis_uuid: chassis.uuid })) > 0) throw new ChassisNotEmpty(chassis.uuid);
    await deps.store.chassis.delete(chassis.uuid);
    return reply.code(204).send();
  });
  for (const detail of [false, true]) {
    const suffix = detail ? '/detail' : '';
    app.get<IdParams>(`/chassis/:id/nodes${suffix}`, doc('chassis', 'List nodes of a chassis'), async (request) => {
      const chassis = await findChassis(deps, request.params.id);
      return listNodes(deps, request, { detailPath: detail, resourcePath: `chassis/${chassis.uuid}/nodes${suffix}`, fixedFilters: { chassis_uuid: chassis.uuid } });
    });
  }
};
