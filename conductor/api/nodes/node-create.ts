import { randomUUID } from 'node:crypto';
import {
  canonicalUuid, InvalidParameterValue, isoTimestamp, isUuid, isValidLogicalName, newNode, systemClock,
  type NodeRecord,
} from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { checkBody } from '../request-body.js';
import { findNode } from './find-node.js';
import { NODE_CREATE_SPEC, toConductorGroup, toOptionalBoolean } from './node-body-spec.js';

const DICT_FIELDS = ['driver_info', 'properties', 'extra', 'instance_info', 'network_data'] as const;
const COPIED_FIELDS = ['resource_class', 'owner', 'lessee', 'description', 'retired_reason', 'shard'] as const;

async function checkReferences(deps: ApiDeps, body: Record<string, unknown>, apiMinor: number): Promise<Partial<NodeRecord>> {
  const refs: Partial<NodeRecord> = {};
  const chassis = body['chassis_uuid'];
  if (typeof chassis === 'string') {
    const found = isUuid(chassis) ? await deps.store.chassis.get(canonicalUuid(chassis)) : undefined;
    if (!found) throw new InvalidParameterValue(`Chassis ${chassis} could not be found.`);
    refs.chassis_uuid = found.uuid;
  }
  const parent = body['parent_node'];
  if (typeof parent === 'string') {
    try {
      refs.parent_node = (await findNode(deps.store, parent, apiMinor)).uuid;
    } catch {
      throw new InvalidParameterValue(`Node ${parent} could not be found.`);
    }
  }
  return refs;
}

function recordFields(body: Record<string, unknown>): Partial<NodeRecord> {
  const fields: Record<string, unknown> = {};
  for (const name of DICT_FIELDS) if (body[name] != null) fields[name] = body[name];
  for (const name of COPIED_FIELDS) if (body[name] !== undefined) fields[name] = body[name];
  for (const [name, value] of Object.entries(body)) if (name.endsWith('_interface')) fields[name] = value;
  if (body['conductor_group'] !== undefined) fields['conductor_group'] = toConductorGroup(body['conductor_group']);
  if (body['automated_clean'] !== undefined) fields['automated_clean'] = toOptionalBoolean('automated_clean', body['automated_clean']);
  if (body['retired'] !== undefined) fields['retired'] = toOptionalBoolean('retired', body['retired']) ?? false;
  return fields;
}

/**
 * Validates a `POST /v1/nodes` body and builds the record: `enroll` from 1.11, `available` before
 * (ironic.md §1.1); driver and interfaces are checked and defaulted by `actions.prepareNewNode`.
 */
export async function buildNewNode(deps: ApiDeps, rawBody: unknown, apiMinor: number): Promise<NodeRecord> {
  const body = checkBody(rawBody, NODE_CREATE_SPEC, 'node', apiMinor, ['driver']);
  const name = body['name'];
  if (typeof name === 'string' && !isValidLogicalName(name)) {
    throw new InvalidParameterValue(`Cannot create node with invalid name '${name}'`);
  }
  const uuid = body['uuid'];
  if (typeof uuid === 'string' && !isUuid(uuid)) throw new InvalidParameterValue(`Expected UUID for uuid: ${uuid}`);
  const node = newNode({
    uuid: typeof uuid === 'string' ? canonicalUuid(uuid) : randomUUID(),
    driver: body['driver'] as string,
    provision_state: apiMinor >= 11 ? 'enroll' : 'available',
    created_at: isoTimestamp((deps.clock ?? systemClock).now()),
    name: typeof name === 'string' ? name : null,
    ...recordFields(body),
    ...(await checkReferences(deps, body, apiMinor)),
  });
  return deps.actions.prepareNewNode(node);
}
