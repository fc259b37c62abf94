import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isoTimestamp, systemClock } from '../../../core/index.js';
import type { Clock } from '../../../core/index.js';
import type { Store } from '../repository.js';
import { createSqlStore } from '../sql/create-sql-store.js';
import { createSqliteExecutor } from './sqlite-executor.js';
import { migrateSqlite } from './migrate-sqlite.js';

/** Options of the embedded SQLite store. */
export interface SqliteStoreOptions {
  /** Database file; its directory is created if missing. */
  path: string;
  /**
   * 'full' (default) makes every commit durable against power loss; 'normal' in WAL mode only against a
   * process crash, and is about 10x faster for small commits (reference/npm.md section 7).
   */
  synchronous?: 'full' | 'normal';
  /** How long a writer waits for another process's lock before failing; 5000 by default. */
  busyTimeoutMs?: number;
  /** Source of `updated_at`; the system clock by default. */
  clock?: Clock;
}

/** Opens (creating and migrating if needed) the SQLite store: WAL journal, foreign keys on. */
export function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock;
  try {
    mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path);
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.pragma('foreign_keys = ON');
      migrateSqlite(db, isoTimestamp(clock.now()));
    } catch (error) {
      db.close();
      throw error;
    }
    return Promise.resolve(createSqlStore(createSqliteExecutor(db), clock));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
