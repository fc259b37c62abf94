import type pg from 'pg';
import type { SqlExecutor, SqlRow } from '../sql/sql-executor.js';

/** Distinct statements kept as named prepared statements; a guard, list filters make few shapes. */
const MAX_PREPARED = 2000;

/**
 * Runs the shared SQL on a pg Pool: `?` placeholders become `$n`, and each distinct text becomes a named
 * prepared statement (parsed once per connection). Each call is one statement in autocommit, so it is atomic.
 */
export function createPostgresExecutor(pool: pg.Pool): SqlExecutor {
  const named = new Map<string, { name: string; text: string }>();
  let next = 0;
  const statement = (sql: string): { name: string; text: string } => {
    let found = named.get(sql);
    if (found === undefined) {
      if (named.size >= MAX_PREPARED) named.clear();
      let n = 0;
      found = { name: `ferro_${next++}`, text: sql.replace(/\?/g, () => `$${++n}`) };
      named.set(sql, found);
    }
    return found;
  };
  return {
    dialect: 'postgres',
    all: async (sql, params) => (await pool.query<SqlRow>({ ...statement(sql), values: [...params] })).rows,
    run: async (sql, params) => (await pool.query({ ...statement(sql), values: [...params] })).rowCount ?? 0,
    constraintOf: (error) => {
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      if (code === '23505') return 'unique';
      if (code === '23503') return 'foreign';
      return undefined;
    },
    close: () => pool.end(),
  };
}
