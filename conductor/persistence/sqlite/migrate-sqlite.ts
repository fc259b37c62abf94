import type Database from 'better-sqlite3';
import { MIGRATIONS_TABLE_DDL, pendingMigrations } from '../sql/migrations.js';

/**
 * Applies pending migrations in one IMMEDIATE transaction: a second process starting at the same time waits
 * on the write lock (busy_timeout), then finds nothing left to do. Returns the ids applied.
 */
export function migrateSqlite(db: Database.Database, nowIso: string): number[] {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(MIGRATIONS_TABLE_DDL);
    const rows = db.prepare('SELECT id FROM ferro_migrations').all() as Array<{ id: number }>;
    const pending = pendingMigrations(new Set(rows.map((r) => r.id)));
    const record = db.prepare('INSERT INTO ferro_migrations (id, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of pending) {
      for (const sql of migration.statements('sqlite')) db.exec(sql);
      record.run(migration.id, migration.name, nowIso);
    }
    db.exec('COMMIT');
    return pending.map((m) => m.id);
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
