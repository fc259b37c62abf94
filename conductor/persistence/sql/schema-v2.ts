import type { TableDef } from './render-ddl.js';

/**
 * Migration 2: per-node hardware data (inspection inventory and plugin data, cached BIOS settings, firmware
 * components), one JSON value per (node, kind). Ironic keeps these in node_inventory, bios_settings and
 * firmware_information; they are only ever read and written whole, so one table serves all four. Frozen.
 */
export const SCHEMA_V2: readonly TableDef[] = [
  {
    name: 'node_data',
    columns: [
      { name: 'node_uuid', type: 'text', notNull: true, references: { table: 'nodes', onDelete: 'cascade' } },
      { name: 'kind', type: 'text', notNull: true },
      { name: 'created_at', type: 'text', notNull: true },
      { name: 'updated_at', type: 'text' },
      { name: 'data', type: 'json', notNull: true },
    ],
    indexes: [],
    uniqueTogether: [['node_uuid', 'kind']],
  },
];
