import type pg from 'pg';
import { MIGRATIONS_TABLE_DDL, pendingMigrations } from '../sql/migrations.js';

/**
 * Applies pending migrations under a session advisory lock (one per schema), so conductors starting at
 * once take turns: the first migrates inside a transaction, the others then find nothing to do. Creates
 * the schema first. Returns the ids applied.
 */
export async function migratePostgres(pool: pg.Pool, schema: string, nowIso: string): Promise<number[]> {
  const client = await pool.connect();
  const lockKey = `ferro_migrations:${schema}`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS_TABLE_DDL);
        const applied = await client.query<{ id: number }>('SELECT id FROM ferro_migrations');
        const pending = pendingMigrations(new Set(applied.rows.map((r) => r.id)));
        for (const migration of pending) {
          for (const sql of migration.statements('postgres')) await client.query(sql);
          await client.query('INSERT INTO ferro_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [
            migration.id,
            migration.name,
            nowIso,
          ]);
        }
        await client.query('COMMIT');
        return pending.map((m) => m.id);
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
    }
  } finally {
    client.release();
  }
}
