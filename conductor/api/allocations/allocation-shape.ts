import type { BodySpec } from '../request-body.js';
import type { ResourceShape } from '../resource-view.js';

/** Allocation fields (1.52; owner 1.60) in Ironic's output order; lists show full objects. */
export const ALLOCATION_SHAPE: ResourceShape = {
  path: 'allocations', idField: 'uuid',
  fields: [
    ['uuid', 52], ['created_at', 52], ['updated_at', 52], ['candidate_nodes', 52], ['extra', 52], ['last_error', 52],
    ['name', 52], ['owner', 60], ['resource_class', 52], ['state', 52], ['traits', 52], ['node_uuid', 52],
  ],
  afterLinks: ['node_uuid'],
  listFields: new Set(['uuid', 'created_at', 'updated_at', 'candidate_nodes', 'extra', 'last_error', 'name', 'owner', 'resource_class', 'state', 'traits', 'node_uuid']),
};

/** `POST /v1/allocations` body (allocation_schema; backfill `node` 1.58). */
export const ALLOCATION_CREATE_SPEC: BodySpec = {
  resource_class: { types: ['string', 'null'], maxLength: 80 }, traits: { types: ['array', 'null'] },
  candidate_nodes: { types: ['array', 'null'] }, name: { types: ['string', 'null'], maxLength: 255 },
  uuid: { types: ['string', 'null'] }, extra: { types: ['object', 'null'] }, owner: { types: ['string', 'null'], minVersion: 60, maxLength: 255 },
  node: { types: ['string', 'null'], minVersion: 58 },
};
