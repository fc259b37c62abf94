import type { BodySpec } from '../request-body.js';
import type { ResourceShape } from '../resource-view.js';

/** Port fields in Ironic's output order with their microversions (ironic api/controllers/v1/port.py). */
export const PORT_SHAPE: ResourceShape = {
  path: 'ports',
  idField: 'uuid',
  fields: [
    ['uuid', 1], ['address', 1], ['created_at', 1], ['updated_at', 1], ['extra', 1], ['internal_info', 18],
    ['is_smartnic', 53], ['local_link_connection', 19], ['name', 88], ['node_uuid', 1], ['physical_network', 34],
    ['portgroup_uuid', 24], ['pxe_enabled', 19],
  ],
  listFields: new Set(['uuid', 'address']),
};

/** `POST /v1/ports` body (port_schema). */
export const PORT_CREATE_SPEC: BodySpec = {
  address: { types: ['string'] }, node_uuid: { types: ['string'] }, uuid: { types: ['string', 'null'] },
  extra: { types: ['object', 'null'] }, local_link_connection: { types: ['object', 'null'], minVersion: 19 },
  pxe_enabled: { types: ['boolean'], minVersion: 19 }, physical_network: { types: ['string', 'null'], minVersion: 34, maxLength: 64 },
  portgroup_uuid: { types: ['string', 'null'], minVersion: 24 }, is_smartnic: { types: ['boolean'], minVersion: 53 },
  name: { types: ['string', 'null'], minVersion: 88, maxLength: 255 },
};

/** Fields a port PATCH may touch. */
export const PORT_PATCH_FIELDS: readonly string[] = [
  'address', 'node_uuid', 'extra', 'local_link_connection', 'pxe_enabled', 'physical_network', 'portgroup_uuid',
  'is_smartnic', 'name',
];

/** Port list parameters and their versions (besides paging). */
export const PORT_LIST_PARAMS: ReadonlyArray<readonly [string, number]> = [
  ['node', 1], ['node_uuid', 1], ['address', 1], ['portgroup', 24], ['shard', 82], ['detail', 43], ['fields', 8],
];
