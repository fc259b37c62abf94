import type { ColumnDef, TableDef } from './render-ddl.js';

const text = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type: 'text', ...extra });
const bool = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type: 'bool', ...extra });
const uuid = text('uuid', { notNull: true, unique: true });
const data: ColumnDef = { name: 'data', type: 'json', notNull: true };
const nodeRef = (notNull: boolean): ColumnDef =>
  text('node_uuid', { notNull, references: { table: 'nodes', onDelete: 'cascade' } });
const stamps = [text('created_at', { notNull: true }), text('updated_at')];

/**
 * The first schema: one row per record with its indexed columns (see tables/*-table.ts) and the full record in
 * `data`. Frozen: later changes are new migrations. Issue #4's dhcp_leases will be one of them.
 */
export const SCHEMA_V1: readonly TableDef[] = [
  { name: 'chassis', columns: [uuid, text('description'), ...stamps, data], indexes: [] },
  {
    name: 'nodes',
    columns: [
      uuid,
      text('name', { unique: true }),
      text('driver', { notNull: true }),
      text('provision_state', { notNull: true }),
      text('power_state'),
      bool('maintenance', { notNull: true }),
      ...stamps,
      text('provision_updated_at'),
      text('resource_class'),
      text('conductor_group', { notNull: true }),
      text('conductor_group_lc', { notNull: true }),
      text('owner'),
      text('lessee'),
      text('instance_uuid', { unique: true }),
      text('chassis_uuid', { references: { table: 'chassis', onDelete: 'no action' } }),
      text('target_provision_state'),
      text('fault'),
      text('shard'),
      text('reservation'),
      text('description'),
      text('description_lc'),
      text('inspection_started_at'),
      text('inspection_finished_at'),
      bool('protected', { notNull: true }),
      bool('retired', { notNull: true }),
      bool('automated_clean'),
      text('parent_node'),
      { name: 'version', type: 'int', notNull: true },
      data,
    ],
    indexes: [
      'driver',
      'provision_state',
      'maintenance',
      'updated_at',
      'provision_updated_at',
      'resource_class',
      'conductor_group_lc',
      'owner',
      'lessee',
      'chassis_uuid',
      'shard',
      'reservation',
      'parent_node',
    ],
  },
  {
    name: 'portgroups',
    columns: [
      uuid,
      text('name', { unique: true }),
      text('address', { unique: true }),
      nodeRef(true),
      text('mode'),
      ...stamps,
      data,
    ],
    indexes: ['node_uuid'],
  },
  {
    name: 'ports',
    columns: [
      uuid,
      text('address', { notNull: true, unique: true }),
      nodeRef(true),
      text('portgroup_uuid', { references: { table: 'portgroups', onDelete: 'no action' } }),
      ...stamps,
      bool('pxe_enabled', { notNull: true }),
      text('physical_network'),
      text('name', { unique: true }),
      data,
    ],
    indexes: ['node_uuid', 'portgroup_uuid'],
  },
  {
    name: 'allocations',
    columns: [
      uuid,
      text('name', { unique: true }),
      nodeRef(false),
      text('state', { notNull: true }),
      text('resource_class', { notNull: true }),
      text('owner'),
      ...stamps,
      data,
    ],
    indexes: ['node_uuid', 'state'],
  },
  {
    name: 'deploy_templates',
    columns: [uuid, text('name', { notNull: true, unique: true }), ...stamps, data],
    indexes: [],
  },
  {
    name: 'node_history',
    columns: [
      uuid,
      nodeRef(true),
      text('created_at', { notNull: true }),
      text('severity', { notNull: true }),
      text('event_type', { notNull: true }),
      data,
    ],
    indexes: ['node_uuid'],
  },
  {
    name: 'conductors',
    columns: [
      text('hostname', { notNull: true, unique: true }),
      text('conductor_group', { notNull: true }),
      { name: 'drivers', type: 'json', notNull: true },
      bool('online', { notNull: true }),
      ...stamps.slice(0, 1),
      text('updated_at', { notNull: true }),
    ],
    indexes: [],
  },
];
