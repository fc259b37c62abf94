import { Conflict, NotFound } from '../../../core/index.js';
import type { PortgroupRecord } from '../../../core/index.js';
import { PORTGROUP_SORT_KEYS } from '../repository.js';
import type { PortgroupFilters } from '../repository.js';
import type { Condition } from './condition.js';
import type { TableSpec } from './table-spec.js';

/** Portgroups: unique uuid, name and address (ironic uniq_portgroups0name / 0address). */
export const portgroupTable: TableSpec<PortgroupRecord, PortgroupFilters> = {
  table: 'portgroups',
  kind: 'Portgroup',
  hasName: true,
  sortKeys: PORTGROUP_SORT_KEYS,
  columns: (g) => ({
    uuid: g.uuid,
    name: g.name,
    address: g.address,
    node_uuid: g.node_uuid,
    mode: g.mode,
    created_at: g.created_at,
    updated_at: g.updated_at,
  }),
  uniques: [
    {
      column: 'uuid',
      conflict: (g) => new Conflict('PortgroupAlreadyExists', `A portgroup with UUID ${g.uuid} already exists.`),
    },
    {
      column: 'name',
      conflict: (g) =>
        new Conflict('PortgroupDuplicateName', `A portgroup with name ${String(g.name)} already exists.`),
    },
    {
      column: 'address',
      conflict: (g) =>
        new Conflict('PortgroupMACAlreadyExists', `A portgroup with MAC address ${String(g.address)} already exists.`),
    },
  ],
  references: [
    { column: 'node_uuid', parent: 'nodes', notFound: (uuid) => new NotFound('Node', uuid), onDelete: 'cascade' },
  ],
  overlay: [],
  conditions: (f) => {
    const c: Condition[] = [];
    if (f.node_uuid !== undefined) c.push({ op: 'eq', column: 'node_uuid', value: f.node_uuid });
    if (f.address !== undefined) c.push({ op: 'eq', column: 'address', value: f.address });
    return c;
  },
};
