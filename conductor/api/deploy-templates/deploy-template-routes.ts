import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  canonicalUuid, InvalidParameterValue, isoTimestamp, isUuid, NotFound, systemClock, type DeployTemplateRecord,
  type JsonObject,
} from '../../../core/index.js';
import { DEPLOY_TEMPLATE_SORT_KEYS } from '../../persistence/repository.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldsParam } from '../fields-param.js';
import { applyPatch, parsePatch } from '../json-patch.js';
import { requireMinor, requireResourceMinor } from '../microversion.js';
import { collectionBody, nextLink, PAGE_PARAMS, parseLimit, parseSort } from '../pagination.js';
import { changedFields, checkPatchFields } from '../patch-fields.js';
import { asQuery, checkQueryArgs, queryBoolean, queryString } from '../query-params.js';
import { checkBody, isJsonObject, type BodySpec } from '../request-body.js';
import { baseUrlOf } from '../request-context.js';
import { createRenderer, fieldMinVersions, type ResourceShape } from '../resource-view.js';
import { doc, type RouteOptions } from '../route-options.js';
import { checkTemplateName, checkTemplateSteps } from './deploy-template-body.js';

const TEMPLATE_SHAPE: ResourceShape = {
  path: 'deploy_templates', idField: 'uuid',
  fields: [['uuid', 55], ['created_at', 55], ['updated_at', 55], ['name', 55], ['extra', 55], ['steps', 55]],
  afterLinks: ['steps'], listFields: new Set(['uuid', 'name']),
};
const TEMPLATE_SPEC: BodySpec = { name: { types: ['string'] }, steps: { types: ['array'] }, uuid: { types: ['string', 'null'] }, extra: { types: ['object', 'null'] } };
type IdParams = { Params: { id: string } };

async function findTemplate(deps: ApiDeps, ident: string, apiMinor: number): Promise<DeployTemplateRecord> {
  requireResourceMinor(apiMinor, 55);
  const found = await deps.store.deployTemplates.get(isUuid(ident) ? canonicalUuid(ident) : ident);
  if (!found) throw new NotFound('Deploy template', ident, `Deploy template ${ident} could not be found.`);
  return found;
}

async function listTemplates(deps: ApiDeps, request: FastifyRequest): Promise<object> {
  requireResourceMinor(request.apiMinor, 55);
  const query = asQuery(request.query);
  checkQueryArgs(query, ['detail', 'fields', ...PAGE_PARAMS]);
  if (query['detail'] !== undefined) requireMinor(request.apiMinor, 43);
  const detail = queryBoolean(query, 'detail');
  const fields = parseFieldsParam(query, fieldMinVersions(TEMPLATE_SHAPE), request.apiMinor);
  if (detail === true && fields) throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
  const limit = parseLimit(queryString(query, 'limit'), deps.config.maxLimit);
  const sort = parseSort(query, { sortable: DEPLOY_TEMPLATE_SORT_KEYS, unsortable: ['extra', 'steps'] });
  const markerIdent = queryString(query, 'marker');
  const marker = markerIdent === undefined ? undefined : (await findTemplate(deps, markerIdent, request.apiMinor)).uuid;
  const items = await deps.store.deployTemplates.list({}, { limit, marker, ...sort });
  const baseUrl = baseUrlOf(request, deps.config.publicUrl);
  const render = createRenderer<DeployTemplateRecord>(TEMPLATE_SHAPE, { apiMinor: request.apiMinor, baseUrl, fields, summary: detail !== true });
  return collectionBody('deploy_templates', items.map(render), nextLink(baseUrl, 'deploy_templates', query, limit, items.length, items[items.length - 1]?.uuid));
}

/** `/v1/deploy_templates` (1.55): named by a trait, steps validated. */
export const deployTemplateRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const render = (request: FastifyRequest, fields?: ReadonlySet<string>) =>
    createRenderer<DeployTemplateRecord>(TEMPLATE_SHAPE, { apiMinor: request.apiMinor, baseUrl: baseUrlOf(request, deps.config.publicUrl), fields });

  app.get('/deploy_templates', doc('deploy_templates', 'List deploy templates'), (request) => listTemplates(deps, request));
  app.get<IdParams>('/deploy_templates/:id', doc('deploy_templates', 'Show a deploy template'), async (request) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['fields']);
    const found = await findTemplate(deps, request.params.id, request.apiMinor);
    return render(request, parseFieldsParam(query, fieldMinVersions(TEMPLATE_SHAPE), request.apiMinor))(found);
  });
  app.post('/deploy_templates', doc('deploy_templates', 'Create a deploy template'), async (request, reply) => {
    requireResourceMinor(request.apiMinor, 55);
    const body = checkBody(request.body, TEMPLATE_SPEC, 'template', request.apiMinor, ['name', 'steps']);
    const uuid = body['uuid'];
    if (typeof uuid === 'string' && !isUuid(uuid)) throw new InvalidParameterValue(`Expected UUID for uuid: ${uuid}`);
    const template = await deps.store.deployTemplates.create({
      uuid: typeof uuid === 'string' ? canonicalUuid(uuid) : randomUUID(), name: checkTemplateName(body['name']),
      steps: checkTemplateSteps(body['steps']), extra: isJsonObject(body['extra']) ? (body['extra'] as JsonObject) : {},
      created_at: isoTimestamp((deps.clock ?? systemClock).now()), updated_at: null,
    });
    return reply.code(201).header('Location', `${baseUrlOf(request, deps.config.publicUrl)}/v1/deploy_templates/${template.uuid}`).send(render(request)(template));
  });
  app.patch<IdParams>('/deploy_templates/:id', doc('deploy_templates', 'Update a deploy template'), async (request) => {
    const ops = parsePatch(request.body);
    checkPatchFields(ops, ['name', 'steps', 'extra'], fieldMinVersions(TEMPLATE_SHAPE), request.apiMinor);
    const found = await findTemplate(deps, request.params.id, request.apiMinor);
    const before = found as unknown as Record<string, unknown>;
    const patched = applyPatch({ name: found.name, steps: found.steps, extra: found.extra }, ops);
    const changes = changedFields(before, patched, ['name', 'steps', 'extra'], { extra: {} });
    if ('name' in changes) changes['name'] = checkTemplateName(changes['name']);
    if ('steps' in changes) changes['steps'] = checkTemplateSteps(changes['steps']);
    if ('extra' in changes && !isJsonObject(changes['extra'])) changes['extra'] = {};
    if (Object.keys(changes).length === 0) return render(request)(found);
    return render(request)(await deps.store.deployTemplates.update(found.uuid, changes));
  });
  app.delete<IdParams>('/deploy_templates/:id', doc('deploy_templates', 'Delete a deploy template'), async (request, reply) => {
    await deps.store.deployTemplates.delete((await findTemplate(deps, request.params.id, request.apiMinor)).uuid);
    return reply.code(204).send();
  });
};
