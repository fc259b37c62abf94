import { referencesTo } from '../tables/all-tables.js';
import type { Columns, TableSpec } from '../tables/table-spec.js';
import { identifier } from './render-conditions.js';
import type { SqlExecutor } from './sql-executor.js';

/**
 * After the database refused a write, finds which rule it broke and throws that rule's error (the same
 * checks, in the same order, as the in-memory store makes up front). Rethrows `cause` if none applies,
 * e.g. when the conflicting row vanished in between.
 */
export async function explainWriteFailure<T, F>(
  ex: SqlExecutor,
  spec: TableSpec<T, F>,
  record: T,
  cols: Columns,
  cause: unknown,
  selfUuid?: string,
): Promise<never> {
  if (ex.constraintOf(cause) === undefined) throw cause;
  for (const u of spec.uniques) {
    const value = cols[u.column] ?? null;
    if (value === null) continue;
    const rows = await ex.all(
      `SELECT uuid FROM ${spec.table} WHERE ${identifier(u.column)} = ? AND uuid <> ? LIMIT 1`,
      [value, selfUuid ?? ''],
    );
    if (rows.length > 0) throw u.conflict(record);
  }
  for (const r of spec.references) {
    const value = cols[r.column] ?? null;
    if (typeof value !== 'string') continue;
    const rows = await ex.all(`SELECT 1 AS found FROM ${r.parent} WHERE uuid = ?`, [value]);
    if (rows.length === 0) throw r.notFound(value);
  }
  throw cause;
}

/** After the database refused a delete, throws the `blocked` error of the reference still pointing at it. */
export async function explainDeleteFailure<T, F>(
  ex: SqlExecutor,
  spec: TableSpec<T, F>,
  uuid: string,
  cause: unknown,
): Promise<never> {
  if (ex.constraintOf(cause) !== 'foreign') throw cause;
  for (const { child, reference } of referencesTo(spec.table)) {
    if (reference.onDelete === 'cascade') continue;
    const rows = await ex.all(`SELECT 1 AS found FROM ${child} WHERE ${identifier(reference.column)} = ? LIMIT 1`, [
      uuid,
    ]);
    if (rows.length > 0) throw reference.onDelete.blocked(uuid);
  }
  throw cause;
}
