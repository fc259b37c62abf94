import type { SqlValue, TableName } from './table-spec.js';

/**
 * One clause of a list filter, over indexed columns. Filters are translated into these once; the in-memory
 * store evaluates them in JavaScript and the SQL stores render them, so both agree by construction.
 */
export type Condition =
  | { readonly op: 'eq'; readonly column: string; readonly value: string | number | boolean }
  | { readonly op: 'in'; readonly column: string; readonly values: readonly string[] }
  | { readonly op: 'null'; readonly column: string; readonly isNull: boolean }
  /** Substring match; callers lower-case both sides through a `*_lc` column. */
  | { readonly op: 'contains'; readonly column: string; readonly value: string }
  | { readonly op: 'or'; readonly any: readonly Condition[] }
  /** `column` holds the uuid of a row of `table` that matches `where`. */
  | {
      readonly op: 'inTable';
      readonly column: string;
      readonly table: TableName;
      readonly where: readonly Condition[];
    };

/** Looks up the indexed columns of a row of another table by uuid (for `inTable`). */
export type RowLookup = (table: TableName, uuid: string) => Readonly<Record<string, SqlValue>> | undefined;

/** Whether a row's columns satisfy every condition. */
export function matchesConditions(
  columns: Readonly<Record<string, SqlValue>>,
  conditions: readonly Condition[],
  lookup: RowLookup,
): boolean {
  return conditions.every((c) => matchesCondition(columns, c, lookup));
}

function matchesCondition(columns: Readonly<Record<string, SqlValue>>, c: Condition, lookup: RowLookup): boolean {
  const value = 'column' in c ? (columns[c.column] ?? null) : null;
  switch (c.op) {
    case 'eq':
      return value === c.value;
    case 'in':
      return typeof value === 'string' && c.values.includes(value);
    case 'null':
      return (value === null) === c.isNull;
    case 'contains':
      return typeof value === 'string' && value.includes(c.value);
    case 'or':
      return c.any.some((inner) => matchesCondition(columns, inner, lookup));
    case 'inTable': {
      if (typeof value !== 'string') return false;
      const other = lookup(c.table, value);
      return other !== undefined && matchesConditions(other, c.where, lookup);
    }
  }
}
