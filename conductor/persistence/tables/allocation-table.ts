import { Conflict, NotFound } from '../../../core/index.js';
import type { AllocationRecord } from '../../../core/index.js';
import { ALLOCATION_SORT_KEYS } from '../repository.js';
import type { AllocationFilters } from '../repository.js';
import type { Condition } from './condition.js';
import type { TableSpec } from './table-spec.js';

/** Allocations: unique uuid and name; deleted with their node, as Ironic's destroy_node does. */
export const allocationTable: TableSpec<AllocationRecord, AllocationFilters> = {
  table: 'allocations',
  kind: 'Allocation',
  hasName: true,
  sortKeys: ALLOCATION_SORT_KEYS,
  columns: (a) => ({
    uuid: a.uuid,
    name: a.name,
    node_uuid: a.node_uuid,
    state: a.state,
    resource_class: a.resource_class,
    owner: a.owner,
    created_at: a.created_at,
    updated_at: a.updated_at,
  }),
  uniques: [
    {
      column: 'uuid',
      conflict: (a) => new Conflict('AllocationAlreadyExists', `An allocation with UUID ${a.uuid} already exists.`),
    },
    {
      column: 'name',
      conflict: (a) =>
        new Conflict('AllocationDuplicateName', `An allocation with name ${String(a.name)} already exists.`),
    },
  ],
  references: [
    { column: 'node_uuid', parent: 'nodes', notFound: (uuid) => new NotFound('Node', uuid), onDelete: 'cascade' },
  ],
  overlay: [],
  conditions: (f) => {
    const c: Condition[] = [];
    if (f.node_uuid !== undefined) c.push({ op: 'eq', column: 'node_uuid', value: f.node_uuid });
    if (f.resource_class !== undefined) c.push({ op: 'eq', column: 'resource_class', value: f.resource_class });
    if (f.state !== undefined) c.push({ op: 'eq', column: 'state', value: f.state });
    if (f.owner !== undefined) c.push({ op: 'eq', column: 'owner', value: f.owner });
    return c;
  },
};
