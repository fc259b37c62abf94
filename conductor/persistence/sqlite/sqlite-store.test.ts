import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryContract } from '../../../test/contract/repository.contract.js';
import { aNode } from '../../../test/contract/repository-fixtures.js';
import { MIGRATIONS } from '../sql/migrations.js';
import { openSqliteStore } from './open-sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ferro-sqlite-contract-'));
let count = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

repositoryContract('sqlite', () => openSqliteStore({ path: join(dir, `store-${++count}.db`), synchronous: 'normal' }));

describe('sqlite store: file settings and migrations', () => {
  it('uses the WAL journal, records applied migrations and creates the directory', async () => {
    const path = join(dir, 'nested', 'deeper', 'settings.db');
    const store = await openSqliteStore({ path });
    await store.close();
    const db = new Database(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT id, name FROM ferro_migrations ORDER BY id').all()).toEqual(
        MIGRATIONS.map((m) => ({ id: m.id, name: m.name })),
      );
    } finally {
      db.close();
    }
  });

  it('reopens an existing file without reapplying migrations and keeps the data', async () => {
    const path = join(dir, 'reopen.db');
    const first = await openSqliteStore({ path, synchronous: 'normal' });
    const node = await first.nodes.create(aNode({ name: 'kept' }));
    await first.close();
    const second = await openSqliteStore({ path });
    await expect(second.nodes.get('kept')).resolves.toEqual(node);
    await second.close();
    const db = new Database(path);
    expect(db.prepare('SELECT COUNT(*) AS n FROM ferro_migrations').get()).toEqual({ n: MIGRATIONS.length });
    db.close();
  });

  it('enforces foreign keys in the database itself, not only in the store', async () => {
    const path = join(dir, 'fk.db');
    const store = await openSqliteStore({ path });
    await store.close();
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    expect(() =>
      db
        .prepare(
          "INSERT INTO ports (uuid, address, node_uuid, created_at, pxe_enabled, data) VALUES ('p', 'a', 'nope', 'x', 1, '{}')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
