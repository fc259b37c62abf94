import pg from 'pg';
import { InvalidParameterValue, isoTimestamp, systemClock } from '../../../core/index.js';
import type { Clock } from '../../../core/index.js';
import type { Store } from '../repository.js';
import { createSqlStore } from '../sql/create-sql-store.js';
import { createPostgresExecutor } from './postgres-executor.js';
import { migratePostgres } from './migrate-postgres.js';

/** Options of the PostgreSQL store (several conductors share one database). */
export interface PostgresStoreOptions {
  /** libpq-style URL, e.g. postgresql://ferro@db.example/ferro. */
  connectionString: string;
  /** Connections in this process's pool; 10 by default. */
  poolSize?: number;
  /** Schema holding the tables (created if missing); 'public' by default. */
  schema?: string;
  /** Source of `updated_at`; the system clock by default. */
  clock?: Clock;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Opens the PostgreSQL store: a pg Pool whose sessions use `schema`, migrated before it is returned. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new InvalidParameterValue(`Invalid PostgreSQL schema name: ${schema}`);
  const clock = options.clock ?? systemClock;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    options: `-c search_path="${schema}"`,
  });
  // An idle connection that breaks emits 'error' on the pool; without a listener that kills the process.
  // The next query on a fresh connection reports the outage to its caller instead.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, schema, isoTimestamp(clock.now()));
  } catch (error) {
    await pool.end();
    throw error;
  }
  return createSqlStore(createPostgresExecutor(pool), clock);
}
