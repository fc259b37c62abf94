import type { BodySpec } from '../request-body.js';
import type { ResourceShape } from '../resource-view.js';

/** Portgroup fields (1.23; mode and properties 1.26), in Ironic's output order. */
export const PORTGROUP_SHAPE: ResourceShape = {
  path: 'portgroups',
  idField: 'uuid',
  fields: [
    ['uuid', 23], ['address', 23], ['created_at', 23], ['updated_at', 23], ['extra', 23], ['internal_info', 23],
    ['mode', 26], ['name', 23], ['node_uuid', 23], ['properties', 26], ['standalone_ports_supported', 23],
  ],
  listFields: new Set(['uuid', 'address', 'name']),
  subResources: [['ports', 24]],
};

/** `POST /v1/portgroups` body (portgroup_schema). */
export const PORTGROUP_CREATE_SPEC: BodySpec = {
  address: { types: ['string', 'null'] }, node_uuid: { types: ['string'] }, uuid: { types: ['string', 'null'] },
  name: { types: ['string', 'null'], maxLength: 255 }, extra: { types: ['object', 'null'] },
  mode: { types: ['string', 'null'], minVersion: 26, maxLength: 255 }, properties: { types: ['object', 'null'], minVersion: 26 },
  standalone_ports_supported: { types: ['boolean'] },
};

/** Fields a portgroup PATCH may touch. */
export const PORTGROUP_PATCH_FIELDS: readonly string[] = [
  'address', 'node_uuid', 'name', 'extra', 'mode', 'properties', 'standalone_ports_supported',
];
