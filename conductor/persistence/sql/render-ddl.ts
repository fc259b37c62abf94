import type { Dialect } from './sql-executor.js';

/** A column of a table definition; `text` sorts bytewise in both dialects (COLLATE "C" on PostgreSQL). */
export interface ColumnDef {
  readonly name: string;
  readonly type: 'text' | 'bool' | 'int' | 'json';
  readonly notNull?: boolean;
  readonly unique?: boolean;
  readonly references?: { readonly table: string; readonly onDelete: 'cascade' | 'no action' };
}

/** A table with an autoincrement `id` primary key, its columns and the columns to index as (column, id). */
export interface TableDef {
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  readonly indexes: readonly string[];
  /** Column sets unique together (`UNIQUE (a, b)`); each also serves lookups by its leading columns. */
  readonly uniqueTogether?: readonly (readonly string[])[];
}

const TYPES: Record<Dialect, Record<ColumnDef['type'], string>> = {
  sqlite: { text: 'TEXT', bool: 'INTEGER', int: 'INTEGER', json: 'TEXT' },
  postgres: { text: 'TEXT COLLATE "C"', bool: 'BOOLEAN', int: 'INTEGER', json: 'JSON' },
};

/** CREATE TABLE and CREATE INDEX statements for one table in one dialect. */
export function renderTable(table: TableDef, dialect: Dialect): string[] {
  const id =
    dialect === 'sqlite'
      ? 'id INTEGER PRIMARY KEY AUTOINCREMENT'
      : 'id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY';
  const columns = table.columns.map((c) => {
    let sql = `${c.name} ${TYPES[dialect][c.type]}`;
    if (c.notNull === true) sql += ' NOT NULL';
    if (c.unique === true) sql += ' UNIQUE';
    if (c.references !== undefined) {
      sql += ` REFERENCES ${c.references.table} (uuid)${c.references.onDelete === 'cascade' ? ' ON DELETE CASCADE' : ''}`;
    }
    return sql;
  });
  const together = (table.uniqueTogether ?? []).map((set) => `UNIQUE (${set.join(', ')})`);
  // Ascending with NULLs first, then id: the order lists use, and scanned backwards the descending one.
  const nullsFirst = dialect === 'postgres' ? ' NULLS FIRST' : '';
  return [
    `CREATE TABLE ${table.name} (\n  ${[id, ...columns, ...together].join(',\n  ')}\n)`,
    ...table.indexes.map((c) => `CREATE INDEX ${table.name}_${c}_idx ON ${table.name} (${c}${nullsFirst}, id)`),
  ];
}
