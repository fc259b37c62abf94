import { referencesTo } from '../tables/all-tables.js';
import type { RowLookup } from '../tables/condition.js';
import type { SqlValue, TableName, TableSpec } from '../tables/table-spec.js';

/** One stored row: insertion id, indexed columns, and the record as JSON text (so reads are deep copies). */
export interface MemoryRow {
  readonly id: number;
  cols: Record<string, SqlValue>;
  data: string;
}

/** One table: rows by uuid, plus value -> uuid maps for each unique column. */
export interface MemoryTable {
  readonly rows: Map<string, MemoryRow>;
  readonly unique: Map<string, Map<SqlValue, string>>;
}

/** The in-memory store's whole state; owned by one store instance. */
export interface MemoryDatabase {
  readonly tables: Map<TableName, MemoryTable>;
  nextId: number;
}

/** An empty database. */
export function createMemoryDatabase(): MemoryDatabase {
  return { tables: new Map(), nextId: 1 };
}

/** The table named `name`, created empty on first use. */
export function memoryTable(db: MemoryDatabase, name: TableName): MemoryTable {
  let table = db.tables.get(name);
  if (table === undefined) {
    table = { rows: new Map(), unique: new Map() };
    db.tables.set(name, table);
  }
  return table;
}

/** A row by uuid, or by unique name when the table has names (uuid wins, as in the SQL stores). */
export function findRow<T, F>(db: MemoryDatabase, spec: TableSpec<T, F>, ident: string): MemoryRow | undefined {
  const table = memoryTable(db, spec.table);
  const byUuid = table.rows.get(ident);
  if (byUuid !== undefined || !spec.hasName) return byUuid;
  const uuid = table.unique.get('name')?.get(ident);
  return uuid === undefined ? undefined : table.rows.get(uuid);
}

/** Looks rows up across tables by uuid, for conditions that reach into another table. */
export function rowLookup(db: MemoryDatabase): RowLookup {
  return (table, uuid) => memoryTable(db, table).rows.get(uuid)?.cols;
}

/**
 * Throws the spec's error when `cols` would duplicate a unique value of another row, or reference a
 * missing parent. `selfUuid` is the row being updated (it may keep its own values).
 */
export function checkConstraints<T, F>(
  db: MemoryDatabase,
  spec: TableSpec<T, F>,
  record: T,
  cols: Readonly<Record<string, SqlValue>>,
  selfUuid?: string,
): void {
  const table = memoryTable(db, spec.table);
  for (const u of spec.uniques) {
    const value = cols[u.column] ?? null;
    if (value === null) continue;
    const holder =
      u.column === 'uuid'
        ? table.rows.has(String(value))
          ? String(value)
          : undefined
        : table.unique.get(u.column)?.get(value);
    if (holder !== undefined && holder !== selfUuid) throw u.conflict(record);
  }
  for (const r of spec.references) {
    const value = cols[r.column] ?? null;
    if (typeof value === 'string' && !memoryTable(db, r.parent).rows.has(value)) throw r.notFound(value);
  }
}

/** Stores `row` (new or replacing its previous version) and refreshes the unique maps. */
export function putRow<T, F>(db: MemoryDatabase, spec: TableSpec<T, F>, uuid: string, row: MemoryRow): void {
  const table = memoryTable(db, spec.table);
  const previous = table.rows.get(uuid);
  for (const u of spec.uniques) {
    if (u.column === 'uuid') continue;
    let index = table.unique.get(u.column);
    if (index === undefined) {
      index = new Map();
      table.unique.set(u.column, index);
    }
    const old = previous?.cols[u.column] ?? null;
    if (old !== null) index.delete(old);
    const value = row.cols[u.column] ?? null;
    if (value !== null) index.set(value, uuid);
  }
  table.rows.set(uuid, row);
}

/**
 * Deletes a row and, like the SQL foreign keys, every row that cascades from it. Throws a reference's
 * `blocked` error when a row outside the deleted set still points at a deleted row.
 */
export function deleteRowCascade(db: MemoryDatabase, table: TableName, uuid: string): void {
  const doomed: Array<{ table: TableName; uuid: string }> = [];
  collectCascade(db, table, uuid, doomed);
  const doomedKeys = new Set(doomed.map((d) => `${d.table}/${d.uuid}`));
  for (const d of doomed) {
    for (const { child, reference } of referencesTo(d.table)) {
      if (reference.onDelete === 'cascade') continue;
      for (const [childUuid, row] of memoryTable(db, child).rows) {
        if (row.cols[reference.column] === d.uuid && !doomedKeys.has(`${child}/${childUuid}`)) {
          throw reference.onDelete.blocked(d.uuid);
        }
      }
    }
  }
  for (const d of doomed) removeRow(db, d.table, d.uuid);
}

function collectCascade(
  db: MemoryDatabase,
  table: TableName,
  uuid: string,
  out: Array<{ table: TableName; uuid: string }>,
): void {
  out.push({ table, uuid });
  for (const { child, reference } of referencesTo(table)) {
    if (reference.onDelete !== 'cascade') continue;
    for (const [childUuid, row] of memoryTable(db, child).rows) {
      if (row.cols[reference.column] === uuid) collectCascade(db, child, childUuid, out);
    }
  }
}

function removeRow(db: MemoryDatabase, tableName: TableName, uuid: string): void {
  const table = memoryTable(db, tableName);
  const row = table.rows.get(uuid);
  if (row === undefined) return;
  for (const [column, index] of table.unique) {
    const value = row.cols[column] ?? null;
    if (value !== null && index.get(value) === uuid) index.delete(value);
  }
  table.rows.delete(uuid);
}
