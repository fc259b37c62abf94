import type { Condition } from '../tables/condition.js';
import type { SqlValue } from '../tables/table-spec.js';
import type { Dialect } from './sql-executor.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Quotes nothing: identifiers come from specs, never from users; this refuses anything else. */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Refusing SQL identifier ${JSON.stringify(name)}`);
  return name;
}

/**
 * Renders conditions as a WHERE fragment with `?` placeholders, appending values to `params`. An empty
 * list renders as a clause that is always true; an empty IN list as one that is always false.
 */
export function renderConditions(conditions: readonly Condition[], params: SqlValue[], dialect: Dialect): string {
  if (conditions.length === 0) return '1 = 1';
  return conditions.map((c) => renderCondition(c, params, dialect)).join(' AND ');
}

function renderCondition(c: Condition, params: SqlValue[], dialect: Dialect): string {
  switch (c.op) {
    case 'eq':
      params.push(c.value);
      return `${identifier(c.column)} = ?`;
    case 'in':
      if (c.values.length === 0) return '1 = 0';
      params.push(...c.values);
      return `${identifier(c.column)} IN (${c.values.map(() => '?').join(', ')})`;
    case 'null':
      return `${identifier(c.column)} IS ${c.isNull ? '' : 'NOT '}NULL`;
    case 'contains':
      // instr (SQLite) and strpos (PostgreSQL) are both exact substring tests; callers lower-case both sides.
      params.push(c.value);
      return `${dialect === 'sqlite' ? 'instr' : 'strpos'}(${identifier(c.column)}, ?) > 0`;
    case 'or':
      return `(${c.any.map((inner) => renderCondition(inner, params, dialect)).join(' OR ')})`;
    case 'inTable':
      return `${identifier(c.column)} IN (SELECT uuid FROM ${identifier(c.table)} WHERE ${renderConditions(c.where, params, dialect)})`;
  }
}
