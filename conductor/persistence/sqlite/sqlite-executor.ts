import Database from 'better-sqlite3';
import type { SqlExecutor, SqlRow } from '../sql/sql-executor.js';
import type { SqlValue } from '../tables/table-spec.js';

/** Distinct statements kept prepared; list filters make a bounded number of shapes, this is only a guard. */
const MAX_PREPARED = 2000;

/**
 * Runs the shared SQL on one better-sqlite3 connection. Statements are prepared once and reused (the hot
 * path: a point read is a cached statement plus JSON.parse). better-sqlite3 is synchronous, so every call
 * completes before the next starts and each statement is atomic.
 */
export function createSqliteExecutor(db: Database.Database): SqlExecutor {
  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string): Database.Statement => {
    let stmt = prepared.get(sql);
    if (stmt === undefined) {
      if (prepared.size >= MAX_PREPARED) prepared.clear();
      stmt = db.prepare(sql);
      prepared.set(sql, stmt);
    }
    return stmt;
  };
  return {
    dialect: 'sqlite',
    all: (sql, params) =>
      settle(() => {
        const stmt = statement(sql);
        if (stmt.reader) return stmt.all(...bind(params)) as SqlRow[];
        stmt.run(...bind(params));
        return [];
      }),
    run: (sql, params) => settle(() => statement(sql).run(...bind(params)).changes),
    constraintOf: (error) => {
      if (!(error instanceof Database.SqliteError)) return undefined;
      if (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
      if (error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign';
      return undefined;
    },
    close: () =>
      settle(() => {
        if (db.open) db.close();
      }),
  };
}

/** SQLite has no booleans: store them as 0/1 (what the schema's INTEGER columns hold). */
function bind(params: readonly SqlValue[]): Array<string | number | null> {
  return params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
}

/** Runs synchronous work now and reports its outcome as a promise. */
function settle<R>(work: () => R): Promise<R> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
