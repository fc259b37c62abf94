import type { TableDef } from './render-ddl.js';

/**
 * Migration 3: DHCP leases (conductor/boot/dhcp), one row per IPv4 address. Expiry is ISO text, compared
 * as text; the index serves the periodic removal of expired leases. No foreign key: dynamic leases belong
 * to machines that are not enrolled. Frozen.
 */
export const SCHEMA_V3: readonly TableDef[] = [
  {
    name: 'dhcp_leases',
    columns: [
      { name: 'address', type: 'text', notNull: true, unique: true },
      { name: 'mac', type: 'text' },
      { name: 'client_id', type: 'text', notNull: true },
      { name: 'hostname', type: 'text' },
      { name: 'expires_at', type: 'text', notNull: true },
    ],
    indexes: ['expires_at'],
  },
];
