import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { InvalidParameterValue, NotFound, type AgentStatus, type JsonObject } from '../../../core/index.js';
import type { AgentEndpoints, HeartbeatInput } from '../../workers/index.js';
import { asQuery, queryString } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { isJsonObject } from '../request-body.js';
import type { RouteOptions } from '../route-options.js';
import { lookupBody } from './lookup-body.js';

/** 1.22: lookup and heartbeat; 1.84: continue_inspection's node_uuid and its lookup-style answer. */
const RAMDISK_MINOR = 22;
const CONTINUE_INSPECTION_MINOR = 84;
const AGENT_STATUSES: readonly string[] = ['start', 'end', 'error'];

/**
 * The agent's public endpoints (ironic/api/controllers/v1/ramdisk.py): lookup, heartbeat and
 * continue_inspection. They pass every auth strategy (basic-auth.ts isPublicRoute); the agent proves itself
 * with its token. Without agent endpoints in the deps they answer 404 like an unknown node, which IPA retries.
 */
export const agentRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const endpoints = (): AgentEndpoints => {
    if (deps.agent === undefined) throw new NotFound('resource', '', 'The resource could not be found.');
    return deps.agent;
  };
  const ramdiskVersion = (request: FastifyRequest): void => {
    if (request.apiMinor < RAMDISK_MINOR) throw new NotFound('resource', '', 'The resource could not be found.');
  };

  app.get('/lookup', { schema: { hide: true } }, async (request) => {
    ramdiskVersion(request);
    const query = asQuery(request.query);
    // `addresses` is a comma-separated list (args.string_list); a repeated parameter is accepted as well.
    const raw = query['addresses'];
    const addresses = (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((a) => a.split(',')).filter((a) => a !== '');
    const found = await endpoints().lookup(addresses, queryString(query, 'node_uuid') || undefined);
    return lookupBody(found, endpoints().heartbeatTimeoutS, baseUrlOf(request, deps.config.publicUrl));
  });

  app.post<{ Params: { ident: string } }>('/heartbeat/:ident', { schema: { hide: true } }, async (request, reply) => {
    ramdiskVersion(request);
    await endpoints().heartbeat(request.params.ident, heartbeatInput(request.body, request.apiMinor));
    return reply.code(202).send();
  });

  app.post('/continue_inspection', { schema: { hide: true } }, async (request, reply) => {
    const nodeUuid = queryString(asQuery(request.query), 'node_uuid') || undefined;
    const modern = request.apiMinor >= CONTINUE_INSPECTION_MINOR;
    if (nodeUuid !== undefined && !modern) throw new NotFound('resource', '', `API version 1.${CONTINUE_INSPECTION_MINOR} or newer is required`);
    if (!isJsonObject(request.body)) throw new InvalidParameterValue('The inspection data must be a JSON object with an "inventory".');
    const found = await endpoints().continueInspection(request.body as JsonObject, nodeUuid, modern);
    const body = modern ? lookupBody(found, endpoints().heartbeatTimeoutS, baseUrlOf(request, deps.config.publicUrl)) : { uuid: found.node.uuid };
    return reply.code(202).send(body);
  });
};

/** Checks a heartbeat body the way HeartbeatController.post does, field by field and version by version. */
function heartbeatInput(body: unknown, apiMinor: number): HeartbeatInput {
  const raw = body === undefined || body === null ? {} : body;
  if (!isJsonObject(raw)) throw new InvalidParameterValue('The heartbeat body must be a JSON object.');
  const text = (key: string, minMinor: number): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new InvalidParameterValue(`Field "${key}" must be a string.`);
    if (apiMinor < minMinor) throw new InvalidParameterValue(`Field "${key}" not recognised in this version`);
    return value;
  };
  const callbackUrl = text('callback_url', RAMDISK_MINOR);
  if (callbackUrl === undefined) throw new InvalidParameterValue('Missing argument: "callback_url"');
  if (!isHttpUrl(callbackUrl)) throw new InvalidParameterValue('An issue with the supplied "callback_url" has been detected.');
  const agentToken = text('agent_token', RAMDISK_MINOR);
  if (agentToken === undefined) throw new InvalidParameterValue('Agent token is required for heartbeat processing.');
  const status = text('agent_status', 72);
  if (status !== undefined && !AGENT_STATUSES.includes(status)) {
    throw new InvalidParameterValue(`Agent status is invalid. Valid states are ${AGENT_STATUSES.join(',')}.`);
  }
  return {
    callbackUrl, agentToken, agentVersion: text('agent_version', 36), agentVerifyCa: text('agent_verify_ca', 68),
    agentStatus: status as AgentStatus | undefined, agentStatusMessage: text('agent_status_message', 72),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
