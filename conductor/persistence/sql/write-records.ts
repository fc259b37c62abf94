import { NotFound } from '../../../core/index.js';
import { decodeRecord } from '../tables/decode-record.js';
import type { SqlValue, TableSpec } from '../tables/table-spec.js';
import { explainDeleteFailure, explainWriteFailure } from './explain-constraint.js';
import { identifier } from './render-conditions.js';
import type { SqlExecutor } from './sql-executor.js';

/** Inserts a record (indexed columns + JSON), mapping constraint failures to the spec's errors. */
export async function insertRecord<T, F>(ex: SqlExecutor, spec: TableSpec<T, F>, record: T): Promise<T> {
  const data = JSON.stringify(record);
  const copy = decodeRecord(data, {}) as unknown as T;
  const cols = spec.columns(copy);
  const names = Object.keys(cols).map(identifier);
  const sql = `INSERT INTO ${spec.table} (${names.join(', ')}, data) VALUES (${names.map(() => '?').join(', ')}, ?)`;
  try {
    await ex.run(sql, [...Object.values(cols), data]);
  } catch (error) {
    return explainWriteFailure(ex, spec, copy, cols, error);
  }
  return copy;
}

/**
 * Rewrites a row from `record`. `skip` lists overlay columns to leave as they are; `expectedVersion` makes it a
 * compare-and-set. Resolves to the rows written (0 or 1) and the stored overlay values.
 */
export async function rewriteRecord<T, F>(
  ex: SqlExecutor,
  spec: TableSpec<T, F>,
  uuid: string,
  record: T,
  options: { skip: readonly string[]; expectedVersion?: number },
): Promise<{ written: boolean; overlay: Record<string, SqlValue> }> {
  const cols = spec.columns(record);
  const entries = Object.entries(cols).filter(([column]) => column !== 'uuid' && !options.skip.includes(column));
  const params: SqlValue[] = [...entries.map(([, value]) => value), JSON.stringify(record), uuid];
  let where = 'uuid = ?';
  if (options.expectedVersion !== undefined) {
    where += ' AND version = ?';
    params.push(options.expectedVersion);
  }
  const returning = spec.overlay.length > 0 ? spec.overlay.map(identifier).join(', ') : 'uuid';
  const sql = `UPDATE ${spec.table} SET ${entries.map(([column]) => `${identifier(column)} = ?`).join(', ')}, data = ? WHERE ${where} RETURNING ${returning}`;
  try {
    const [row] = await ex.all(sql, params);
    if (row === undefined) return { written: false, overlay: {} };
    const overlay: Record<string, SqlValue> = {};
    for (const column of spec.overlay) overlay[column] = (row[column] ?? null) as SqlValue;
    return { written: true, overlay };
  } catch (error) {
    return explainWriteFailure(ex, spec, record, cols, error, uuid);
  }
}

/** Deletes a row by uuid (foreign keys cascade); NotFound when absent, the guard's error when refused. */
export async function deleteRecord<T, F>(ex: SqlExecutor, spec: TableSpec<T, F>, uuid: string): Promise<void> {
  let changed: number;
  try {
    changed = await ex.run(`DELETE FROM ${spec.table} WHERE uuid = ?`, [uuid]);
  } catch (error) {
    return explainDeleteFailure(ex, spec, uuid, error);
  }
  if (changed === 0) throw new NotFound(spec.kind, uuid);
}
