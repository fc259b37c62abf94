import { NotFound, isoTimestamp } from '../../../core/index.js';
import type { Clock } from '../../../core/index.js';
import type { Collection, Page } from '../repository.js';
import { decodeRecord } from '../tables/decode-record.js';
import { mergeChanges } from '../tables/merge-changes.js';
import type { TableSpec } from '../tables/table-spec.js';
import { checkConstraints, deleteRowCascade, findRow, memoryTable, putRow } from './memory-database.js';
import type { MemoryDatabase, MemoryRow } from './memory-database.js';
import { selectRows } from './select-rows.js';

/** Reads a row back as a fresh record (the JSON round trip is the deep copy). */
export function readRow<T, F>(spec: TableSpec<T, F>, row: MemoryRow): T {
  const overlay: Record<string, string | number | boolean | null> = {};
  for (const column of spec.overlay) overlay[column] = row.cols[column] ?? null;
  return decodeRecord(row.data, overlay) as unknown as T;
}

/** Stores a new record after the same checks the SQL stores make; returns what a read would return. */
export function insertRecord<T extends { uuid: string }, F>(db: MemoryDatabase, spec: TableSpec<T, F>, record: T): T {
  const data = JSON.stringify(record);
  const copy = decodeRecord(data, {}) as unknown as T;
  const cols = spec.columns(copy);
  checkConstraints(db, spec, copy, cols);
  const row: MemoryRow = { id: db.nextId++, cols: { ...cols }, data };
  putRow(db, spec, copy.uuid, row);
  return readRow(spec, row);
}

/** A Collection over one in-memory table. */
export function createMemoryCollection<T extends { uuid: string; updated_at: string | null }, F>(
  db: MemoryDatabase,
  spec: TableSpec<T, F>,
  clock: Clock,
): Collection<T, F> {
  return {
    create: (record) => Promise.resolve().then(() => insertRecord(db, spec, record)),
    get: (ident) =>
      Promise.resolve().then(() => {
        const row = findRow(db, spec, ident);
        return row === undefined ? undefined : readRow(spec, row);
      }),
    list: (filters: F, page: Page) =>
      Promise.resolve().then(() => selectRows(db, spec, filters, page).map((row) => readRow(spec, row))),
    update: (uuid, changes) =>
      Promise.resolve().then(() => {
        const row = memoryTable(db, spec.table).rows.get(uuid);
        if (row === undefined) throw new NotFound(spec.kind, uuid);
        const merged = mergeChanges(readRow(spec, row), changes, isoTimestamp(clock.now()));
        const data = JSON.stringify(merged);
        const copy = decodeRecord(data, {}) as unknown as T;
        const cols = spec.columns(copy);
        checkConstraints(db, spec, copy, cols, uuid);
        const next: MemoryRow = { id: row.id, cols: { ...cols }, data };
        putRow(db, spec, uuid, next);
        return readRow(spec, next);
      }),
    delete: (uuid) =>
      Promise.resolve().then(() => {
        if (!memoryTable(db, spec.table).rows.has(uuid)) throw new NotFound(spec.kind, uuid);
        deleteRowCascade(db, spec.table, uuid);
      }),
  };
}
