import { randomUUID } from 'node:crypto';
import {
  canonicalUuid, InvalidParameterValue, isoTimestamp, isUuid, isValidLogicalName, systemClock, type AllocationRecord,
  type JsonObject,
} from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { findNode } from '../nodes/find-node.js';
import { checkBody, isJsonObject } from '../request-body.js';
import { invalidTraitMessage, isValidTrait } from '../trait-name.js';
import { ALLOCATION_CREATE_SPEC } from './allocation-shape.js';

async function candidateUuids(deps: ApiDeps, value: unknown, apiMinor: number): Promise<string[]> {
  if (!Array.isArray(value)) return [];
  const uuids: string[] = [];
  for (const ident of value) {
    const node = typeof ident === 'string' ? await findNode(deps.store, ident, apiMinor).catch(() => undefined) : undefined;
    if (!node) throw new InvalidParameterValue(`Candidate node ${String(ident)} could not be found.`);
    uuids.push(node.uuid);
  }
  return uuids;
}

function checkName(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (!isValidLogicalName(value) || isUuid(value)) throw new InvalidParameterValue(`Cannot create allocation with invalid name '${String(value)}'`);
  return value;
}

/** The validated request: the new record, plus the node to backfill (1.58) if one was named. */
export interface NewAllocation {
  record: AllocationRecord;
  backfillNode?: string | undefined;
}

/** Validates `POST /v1/allocations` and builds the record in state `allocating`. */
export async function buildNewAllocation(deps: ApiDeps, rawBody: unknown, apiMinor: number): Promise<NewAllocation> {
  const body = checkBody(rawBody, ALLOCATION_CREATE_SPEC, 'allocation', apiMinor);
  const node = typeof body['node'] === 'string' ? body['node'] : undefined;
  if (typeof body['resource_class'] !== 'string' && node === undefined) {
    throw new InvalidParameterValue('The resource_class field is mandatory when not backfilling');
  }
  const traits = Array.isArray(body['traits']) ? body['traits'] : [];
  for (const trait of traits) if (!isValidTrait(trait)) throw new InvalidParameterValue(invalidTraitMessage(trait));
  const uuid = body['uuid'];
  if (typeof uuid === 'string' && !isUuid(uuid)) throw new InvalidParameterValue(`Expected UUID for uuid: ${uuid}`);
  const record: AllocationRecord = {
    uuid: typeof uuid === 'string' ? canonicalUuid(uuid) : randomUUID(), name: checkName(body['name']), node_uuid: null,
    state: 'allocating', last_error: null, resource_class: typeof body['resource_class'] === 'string' ? body['resource_class'] : '',
    traits: [...new Set(traits as string[])], candidate_nodes: await candidateUuids(deps, body['candidate_nodes'], apiMinor),
    extra: isJsonObject(body['extra']) ? (body['extra'] as JsonObject) : {}, owner: typeof body['owner'] === 'string' ? body['owner'] : null,
    created_at: isoTimestamp((deps.clock ?? systemClock).now()), updated_at: null,
  };
  return { record, backfillNode: node };
}
