import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryContract } from '../../../test/contract/repository.contract.js';
import { aNode } from '../../../test/contract/repository-fixtures.js';
import { MIGRATIONS, MIGRATIONS_TABLE_DDL } from '../sql/migrations.js';
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

  it('upgrades a file made by migration 1 only, keeping its nodes and adding node data', async () => {
    const path = join(dir, 'upgrade.db');
    const old = new Database(path);
    old.exec(MIGRATIONS_TABLE_DDL);
    const first = MIGRATIONS.find((m) => m.id === 1);
    for (const sql of first?.statements('sqlite') ?? []) old.exec(sql);
    old.prepare("INSERT INTO ferro_migrations (id, name, applied_at) VALUES (1, 'initial schema', 'then')").run();
    old.close();
    const store = await openSqliteStore({ path });
    try {
      const node = await store.nodes.create(aNode());
      await store.nodeData.put(node.uuid, 'inventory', { cpu: { count: 1 } }, '2024-01-01T00:00:00+00:00');
      await expect(store.nodeData.get(node.uuid, 'inventory')).resolves.toMatchObject({ value: { cpu: { count: 1 } } });
    } finally {
      await store.close();
    }
    const db = new Database(path);
    expect(db.prepare('SELECT id FROM ferro_migrations ORDER BY id').all()).toEqual(MIGRATIONS.map((m) => ({ id: m.id })));
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
