import { ChassisNotEmpty, Conflict, NotFound } from '../../../core/index.js';
import type { NodeRecord } from '../../../core/index.js';
import { NODE_SORT_KEYS } from '../repository.js';
import type { NodeFilters } from '../repository.js';
import type { Condition } from './condition.js';
import type { TableSpec } from './table-spec.js';

/** Nodes: every sort key is a column, plus lower-cased copies for case-insensitive filters. */
export const nodeTable: TableSpec<NodeRecord, NodeFilters> = {
  table: 'nodes',
  kind: 'Node',
  hasName: true,
  sortKeys: NODE_SORT_KEYS,
  columns: (n) => ({
    uuid: n.uuid,
    name: n.name,
    driver: n.driver,
    provision_state: n.provision_state,
    power_state: n.power_state,
    maintenance: n.maintenance,
    created_at: n.created_at,
    updated_at: n.updated_at,
    provision_updated_at: n.provision_updated_at,
    resource_class: n.resource_class,
    conductor_group: n.conductor_group,
    conductor_group_lc: n.conductor_group.toLowerCase(),
    owner: n.owner,
    lessee: n.lessee,
    instance_uuid: n.instance_uuid,
    chassis_uuid: n.chassis_uuid,
    target_provision_state: n.target_provision_state,
    fault: n.fault,
    shard: n.shard,
    reservation: n.reservation,
    description: n.description,
    description_lc: n.description?.toLowerCase() ?? null,
    inspection_started_at: n.inspection_started_at,
    inspection_finished_at: n.inspection_finished_at,
    protected: n.protected,
    retired: n.retired,
    automated_clean: n.automated_clean,
    parent_node: n.parent_node,
    version: n.version,
  }),
  uniques: [
    {
      column: 'uuid',
      conflict: (n) => new Conflict('NodeAlreadyExists', `A node with UUID ${n.uuid} already exists.`),
    },
    {
      column: 'name',
      conflict: (n) => new Conflict('DuplicateName', `A node with name ${String(n.name)} already exists.`),
    },
    {
      column: 'instance_uuid',
      conflict: (n) =>
        new Conflict(
          'InstanceAssociated',
          `Instance ${String(n.instance_uuid)} is already associated with a node, it cannot be associated with this other node ${n.uuid}`,
        ),
    },
  ],
  references: [
    {
      column: 'chassis_uuid',
      parent: 'chassis',
      notFound: (uuid) => new NotFound('Chassis', uuid),
      onDelete: { blocked: (uuid) => new ChassisNotEmpty(uuid) },
    },
  ],
  overlay: ['reservation'],
  conditions: nodeConditions,
};

/** Translates Ironic's node list filters (db/sqlalchemy/api.py _add_node_filters). */
export function nodeConditions(f: NodeFilters): Condition[] {
  const c: Condition[] = [];
  const eq = (column: string, value: string | boolean | undefined): void => {
    if (value !== undefined) c.push({ op: 'eq', column, value });
  };
  eq('provision_state', f.provision_state);
  eq('driver', f.driver);
  eq('maintenance', f.maintenance);
  eq('retired', f.retired);
  eq('resource_class', f.resource_class);
  eq('fault', f.fault);
  eq('conductor_group_lc', f.conductor_group?.toLowerCase());
  eq('owner', f.owner);
  eq('lessee', f.lessee);
  eq('chassis_uuid', f.chassis_uuid);
  eq('instance_uuid', f.instance_uuid);
  eq('parent_node', f.parent_node);
  eq('reservation', f.reservation);
  if (f.associated !== undefined) c.push({ op: 'null', column: 'instance_uuid', isNull: !f.associated });
  if (f.sharded !== undefined) c.push({ op: 'null', column: 'shard', isNull: !f.sharded });
  if (f.include_children === false && f.parent_node === undefined)
    c.push({ op: 'null', column: 'parent_node', isNull: true });
  if (f.project !== undefined) {
    c.push({
      op: 'or',
      any: [
        { op: 'eq', column: 'owner', value: f.project },
        { op: 'eq', column: 'lessee', value: f.project },
      ],
    });
  }
  if (f.description_contains !== undefined) {
    c.push({ op: 'contains', column: 'description_lc', value: f.description_contains.toLowerCase() });
  }
  if (f.shard !== undefined) c.push({ op: 'in', column: 'shard', values: f.shard });
  if (f.provision_states !== undefined) c.push({ op: 'in', column: 'provision_state', values: f.provision_states });
  if (f.uuids !== undefined) c.push({ op: 'in', column: 'uuid', values: f.uuids });
  return c;
}
