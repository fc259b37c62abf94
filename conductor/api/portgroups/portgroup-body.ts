import { randomUUID } from 'node:crypto';
import {
  canonicalUuid, InvalidParameterValue, isoTimestamp, isUuid, isValidLogicalName, systemClock, type JsonObject,
  type PortgroupRecord,
} from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { checkAddress, checkPortNode } from '../ports/port-body.js';
import { checkBody, checkField, isJsonObject } from '../request-body.js';
import { PORTGROUP_CREATE_SPEC } from './portgroup-shape.js';

function checkName(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (!isValidLogicalName(value)) throw new InvalidParameterValue(`Cannot create portgroup with invalid name '${String(value)}'`);
  return value;
}

/** Validates a `POST /v1/portgroups` body and builds the record. */
export async function buildNewPortgroup(deps: ApiDeps, rawBody: unknown, apiMinor: number): Promise<PortgroupRecord> {
  const body = checkBody(rawBody, PORTGROUP_CREATE_SPEC, 'portgroup', apiMinor, ['node_uuid']);
  const uuid = body['uuid'];
  if (typeof uuid === 'string' && !isUuid(uuid)) throw new InvalidParameterValue(`Expected UUID for uuid: ${uuid}`);
  return {
    uuid: typeof uuid === 'string' ? canonicalUuid(uuid) : randomUUID(), name: checkName(body['name']),
    address: body['address'] == null ? null : checkAddress(body['address']), node_uuid: await checkPortNode(deps, body['node_uuid']),
    mode: typeof body['mode'] === 'string' ? body['mode'] : null,
    properties: isJsonObject(body['properties']) ? (body['properties'] as JsonObject) : {},
    standalone_ports_supported: body['standalone_ports_supported'] !== false,
    extra: isJsonObject(body['extra']) ? (body['extra'] as JsonObject) : {}, internal_info: {},
    created_at: isoTimestamp((deps.clock ?? systemClock).now()), updated_at: null,
  };
}

/** Validates and normalises the fields a portgroup PATCH changed. */
export async function checkPortgroupChanges(deps: ApiDeps, changes: Record<string, unknown>): Promise<Partial<PortgroupRecord>> {
  const out: Record<string, unknown> = { ...changes };
  for (const [key, value] of Object.entries(changes)) {
    const spec = PORTGROUP_CREATE_SPEC[key];
    if (spec && value !== null) checkField('portgroup', value, spec);
    if (value === null && (key === 'extra' || key === 'properties')) out[key] = {};
  }
  if ('address' in changes) out['address'] = changes['address'] == null ? null : checkAddress(changes['address']);
  if ('node_uuid' in changes) out['node_uuid'] = await checkPortNode(deps, changes['node_uuid']);
  if ('name' in changes) out['name'] = checkName(changes['name']);
  return out;
}
