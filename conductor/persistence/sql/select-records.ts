import type { Page } from '../repository.js';
import { checkPage, markerNotFound } from '../tables/check-page.js';
import type { Condition } from '../tables/condition.js';
import { decodeRecord } from '../tables/decode-record.js';
import type { SqlValue, TableSpec } from '../tables/table-spec.js';
import { identifier, renderConditions } from './render-conditions.js';
import type { SqlExecutor, SqlRow } from './sql-executor.js';

/** `data` plus the overlay columns: what every read selects. */
export function selectList<T, F>(spec: TableSpec<T, F>): string {
  return ['data', ...spec.overlay.map(identifier)].join(', ');
}

/** Decodes a row selected with `selectList`. */
export function recordOf<T, F>(spec: TableSpec<T, F>, row: SqlRow): T {
  const overlay: Record<string, SqlValue> = {};
  for (const column of spec.overlay) overlay[column] = (row[column] ?? null) as SqlValue;
  return decodeRecord(row['data'], overlay) as unknown as T;
}

/**
 * One page of records: filters, then keyset paging after the marker row (found by uuid, filtered or not),
 * ordered by (sort key, id) with NULLs first ascending, exactly like the in-memory store.
 */
export async function selectRecords<T, F>(
  ex: SqlExecutor,
  spec: TableSpec<T, F>,
  filters: F,
  page: Page,
): Promise<T[]> {
  checkPage(page, spec.sortKeys);
  const params: SqlValue[] = [];
  const clauses = [renderConditions(spec.conditions(filters), params, ex.dialect)];
  const key = identifier(page.sortKey);
  const asc = page.sortDir === 'asc';
  if (page.marker !== undefined) {
    const [marker] = await ex.all(`SELECT id, ${key} AS v FROM ${spec.table} WHERE uuid = ?`, [page.marker]);
    if (marker === undefined) throw markerNotFound(page.marker);
    clauses.push(keysetClause(key, asc, marker['id'] as SqlValue, (marker['v'] ?? null) as SqlValue, params));
  }
  const order =
    key === 'id'
      ? `id ${asc ? 'ASC' : 'DESC'}`
      : asc
        ? `${key} ASC NULLS FIRST, id ASC`
        : `${key} DESC NULLS LAST, id DESC`;
  params.push(page.limit);
  const sql = `SELECT ${selectList(spec)} FROM ${spec.table} WHERE ${clauses.join(' AND ')} ORDER BY ${order} LIMIT ?`;
  return (await ex.all(sql, params)).map((row) => recordOf<T, F>(spec, row));
}

/** Counts the rows matching `conditions`. */
export async function countRecords<T, F>(
  ex: SqlExecutor,
  spec: TableSpec<T, F>,
  conditions: readonly Condition[],
): Promise<number> {
  const params: SqlValue[] = [];
  const [row] = await ex.all(
    `SELECT COUNT(*) AS n FROM ${spec.table} WHERE ${renderConditions(conditions, params, ex.dialect)}`,
    params,
  );
  return Number(row?.['n'] ?? 0);
}

/** Rows strictly after the marker (key value `v`, id `id`) in the page's order. */
function keysetClause(key: string, asc: boolean, id: SqlValue, v: SqlValue, params: SqlValue[]): string {
  if (key === 'id') {
    params.push(id);
    return asc ? 'id > ?' : 'id < ?';
  }
  if (v === null) {
    params.push(id);
    return asc ? `((${key} IS NULL AND id > ?) OR ${key} IS NOT NULL)` : `(${key} IS NULL AND id < ?)`;
  }
  params.push(v, v, id);
  return asc ? `(${key} > ? OR (${key} = ? AND id > ?))` : `(${key} < ? OR (${key} = ? AND id < ?) OR ${key} IS NULL)`;
}
