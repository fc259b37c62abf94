import type { Page } from '../repository.js';
import { checkPage, markerNotFound } from '../tables/check-page.js';
import { compareValues } from '../tables/compare-values.js';
import { matchesConditions } from '../tables/condition.js';
import type { Condition } from '../tables/condition.js';
import type { TableSpec } from '../tables/table-spec.js';
import { memoryTable, rowLookup } from './memory-database.js';
import type { MemoryDatabase, MemoryRow } from './memory-database.js';

/** The rows matching `conditions`. */
export function filterRows<T, F>(
  db: MemoryDatabase,
  spec: TableSpec<T, F>,
  conditions: readonly Condition[],
): MemoryRow[] {
  const lookup = rowLookup(db);
  const out: MemoryRow[] = [];
  for (const row of memoryTable(db, spec.table).rows.values()) {
    if (matchesConditions(row.cols, conditions, lookup)) out.push(row);
  }
  return out;
}

/**
 * One page of matching rows, ordered by (sort key, id) in the page's direction. The marker is located by
 * uuid whether or not it matches the filters, and rows strictly after it are returned (keyset paging,
 * exactly what the SQL stores run).
 */
export function selectRows<T, F>(db: MemoryDatabase, spec: TableSpec<T, F>, filters: F, page: Page): MemoryRow[] {
  checkPage(page, spec.sortKeys);
  const key = page.sortKey;
  const sign = page.sortDir === 'asc' ? 1 : -1;
  const compare = (a: MemoryRow, b: MemoryRow): number => {
    const byKey = key === 'id' ? 0 : compareValues(a.cols[key] ?? null, b.cols[key] ?? null);
    return sign * (byKey !== 0 ? byKey : a.id - b.id);
  };
  let rows = filterRows(db, spec, spec.conditions(filters));
  if (page.marker !== undefined) {
    const marker = memoryTable(db, spec.table).rows.get(page.marker);
    if (marker === undefined) throw markerNotFound(page.marker);
    rows = rows.filter((row) => compare(row, marker) > 0);
  }
  // A Map iterates in insertion order, which is id order: sorting by id only needs a direction.
  if (key !== 'id') rows.sort(compare);
  else if (sign < 0) rows.reverse();
  return rows.slice(0, page.limit);
}
