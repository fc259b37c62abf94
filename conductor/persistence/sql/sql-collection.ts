import { NotFound, isoTimestamp } from '../../../core/index.js';
import type { Clock } from '../../../core/index.js';
import type { Collection } from '../repository.js';
import { mergeChanges } from '../tables/merge-changes.js';
import type { TableSpec } from '../tables/table-spec.js';
import { recordOf, selectList, selectRecords } from './select-records.js';
import type { SqlExecutor } from './sql-executor.js';
import { deleteRecord, insertRecord, rewriteRecord } from './write-records.js';

/** A record by uuid, or by unique name when the table has names (uuid wins). */
export async function findRecord<T, F>(ex: SqlExecutor, spec: TableSpec<T, F>, ident: string): Promise<T | undefined> {
  const [byUuid] = await ex.all(`SELECT ${selectList(spec)} FROM ${spec.table} WHERE uuid = ?`, [ident]);
  if (byUuid !== undefined) return recordOf<T, F>(spec, byUuid);
  if (!spec.hasName) return undefined;
  const [byName] = await ex.all(`SELECT ${selectList(spec)} FROM ${spec.table} WHERE name = ?`, [ident]);
  return byName === undefined ? undefined : recordOf<T, F>(spec, byName);
}

/** A Collection over one SQL table. Updates are read-merge-write (last writer wins, as in Ironic's API). */
export function createSqlCollection<T extends { uuid: string; updated_at: string | null }, F>(
  ex: SqlExecutor,
  spec: TableSpec<T, F>,
  clock: Clock,
): Collection<T, F> {
  return {
    create: (record) => insertRecord(ex, spec, record),
    get: (ident) => findRecord(ex, spec, ident),
    list: (filters, page) => selectRecords(ex, spec, filters, page),
    update: async (uuid, changes) => {
      const [row] = await ex.all(`SELECT ${selectList(spec)} FROM ${spec.table} WHERE uuid = ?`, [uuid]);
      if (row === undefined) throw new NotFound(spec.kind, uuid);
      const merged = mergeChanges(recordOf<T, F>(spec, row), changes, isoTimestamp(clock.now()));
      const copy = JSON.parse(JSON.stringify(merged)) as T;
      const { written } = await rewriteRecord(ex, spec, uuid, copy, { skip: [] });
      if (!written) throw new NotFound(spec.kind, uuid);
      return copy;
    },
    delete: (uuid) => deleteRecord(ex, spec, uuid),
  };
}
