import { Conflict, NotFound, PortgroupNotEmpty } from '../../../core/index.js';
import type { PortRecord } from '../../../core/index.js';
import { PORT_SORT_KEYS } from '../repository.js';
import type { PortFilters } from '../repository.js';
import type { Condition } from './condition.js';
import type { TableSpec } from './table-spec.js';

/** Ports: unique uuid, MAC address and name; deleted with their node; they keep their portgroup alive. */
export const portTable: TableSpec<PortRecord, PortFilters> = {
  table: 'ports',
  kind: 'Port',
  hasName: true,
  sortKeys: PORT_SORT_KEYS,
  columns: (p) => ({
    uuid: p.uuid,
    address: p.address,
    node_uuid: p.node_uuid,
    portgroup_uuid: p.portgroup_uuid,
    created_at: p.created_at,
    updated_at: p.updated_at,
    pxe_enabled: p.pxe_enabled,
    physical_network: p.physical_network,
    name: p.name,
  }),
  uniques: [
    {
      column: 'uuid',
      conflict: (p) => new Conflict('PortAlreadyExists', `A port with UUID ${p.uuid} already exists.`),
    },
    {
      column: 'address',
      conflict: (p) => new Conflict('MACAlreadyExists', `A port with MAC address ${p.address} already exists.`),
    },
    {
      column: 'name',
      conflict: (p) => new Conflict('PortDuplicateName', `A port with name ${String(p.name)} already exists.`),
    },
  ],
  references: [
    { column: 'node_uuid', parent: 'nodes', notFound: (uuid) => new NotFound('Node', uuid), onDelete: 'cascade' },
    {
      column: 'portgroup_uuid',
      parent: 'portgroups',
      notFound: (uuid) => new NotFound('Portgroup', uuid),
      onDelete: { blocked: (uuid) => new PortgroupNotEmpty(uuid) },
    },
  ],
  overlay: [],
  conditions: (f) => {
    const c: Condition[] = [];
    if (f.node_uuid !== undefined) c.push({ op: 'eq', column: 'node_uuid', value: f.node_uuid });
    if (f.address !== undefined) c.push({ op: 'eq', column: 'address', value: f.address });
    if (f.addresses !== undefined) c.push({ op: 'in', column: 'address', values: f.addresses });
    if (f.portgroup_uuid !== undefined) c.push({ op: 'eq', column: 'portgroup_uuid', value: f.portgroup_uuid });
    if (f.physical_network !== undefined) c.push({ op: 'eq', column: 'physical_network', value: f.physical_network });
    if (f.shard !== undefined) {
      c.push({
        op: 'inTable',
        column: 'node_uuid',
        table: 'nodes',
        where: [{ op: 'in', column: 'shard', values: f.shard }],
      });
    }
    return c;
  },
};
