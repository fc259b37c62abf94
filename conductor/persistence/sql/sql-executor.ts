import type { SqlValue } from '../tables/table-spec.js';

/** One result row as the driver returns it; validated where it is read. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** SQL dialects the stores speak. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The little the shared SQL repositories need from a database: statements with `?` placeholders (the
 * PostgreSQL executor rewrites them to `$n`), each run on its own, so each is atomic by itself.
 */
export interface SqlExecutor {
  readonly dialect: Dialect;
  /** Rows of a SELECT, or of a write with RETURNING. */
  all(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a write; resolves to the number of rows it changed. */
  run(sql: string, params: readonly SqlValue[]): Promise<number>;
  /** Which kind of constraint a driver error reports, if any. */
  constraintOf(error: unknown): 'unique' | 'foreign' | undefined;
  close(): Promise<void>;
}
