import { renderTable } from './render-ddl.js';
import { SCHEMA_V1 } from './schema-v1.js';
import { SCHEMA_V2 } from './schema-v2.js';
import { SCHEMA_V3 } from './schema-v3.js';
import type { Dialect } from './sql-executor.js';

/** One schema change; `statements` renders it for a dialect. Applied in id order, each exactly once. */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly statements: (dialect: Dialect) => string[];
}

/** Every migration, oldest first. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: 'initial schema', statements: (dialect) => SCHEMA_V1.flatMap((table) => renderTable(table, dialect)) },
  { id: 2, name: 'node data', statements: (dialect) => SCHEMA_V2.flatMap((table) => renderTable(table, dialect)) },
  { id: 3, name: 'dhcp leases', statements: (dialect) => SCHEMA_V3.flatMap((table) => renderTable(table, dialect)) },
];

/** The bookkeeping table (same shape in both dialects). */
export const MIGRATIONS_TABLE_DDL =
  'CREATE TABLE IF NOT EXISTS ferro_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

/** The migrations not yet in `appliedIds`, in order. */
export function pendingMigrations(appliedIds: ReadonlySet<number>): Migration[] {
  return MIGRATIONS.filter((m) => !appliedIds.has(m.id));
}
