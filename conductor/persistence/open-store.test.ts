import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidParameterValue } from '../../core/index.js';
import { openStore } from './open-store.js';
import {
  TEST_POSTGRES_URL,
  adminQuery,
  postgresUnavailable,
  uniqueSchemaName,
} from './postgres/postgres-test-database.js';

const dir = mkdtempSync(join(tmpdir(), 'ferro-open-store-'));
const unavailable = await postgresUnavailable();
const schema = uniqueSchemaName('ferro_open');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (unavailable === undefined) await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
});

describe('openStore', () => {
  it('opens memory:// as the in-memory store', async () => {
    const store = await openStore('memory://');
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('opens sqlite:///absolute and sqlite://relative paths, creating the directory', async () => {
    const absolute = await openStore(`sqlite://${join(dir, 'abs', 'a.db')}`);
    expect(absolute.kind).toBe('sqlite');
    await absolute.close();
    expect(existsSync(join(dir, 'abs', 'a.db'))).toBe(true);
    const relative = await openStore('sqlite://rel/b.db', { baseDir: dir, sqlite: { synchronous: 'normal' } });
    await relative.close();
    expect(existsSync(join(dir, 'rel', 'b.db'))).toBe(true);
  });

  it.skipIf(unavailable !== undefined)('opens postgresql:// and postgres:// URLs', async () => {
    for (const url of [TEST_POSTGRES_URL, TEST_POSTGRES_URL.replace(/^postgresql:/, 'postgres:')]) {
      const store = await openStore(url, { postgres: { schema, poolSize: 2 } });
      expect(store.kind).toBe('postgres');
      await store.close();
    }
  });

  it('refuses an unknown scheme without echoing credentials', async () => {
    const error = await openStore('mysql://root:secret@db/ferro').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidParameterValue);
    expect((error as Error).message).toContain('"mysql"');
    expect((error as Error).message).not.toContain('secret');
    await expect(openStore('sqlite://')).rejects.toBeInstanceOf(InvalidParameterValue);
    await expect(openStore('/var/lib/ferro.db')).rejects.toBeInstanceOf(InvalidParameterValue);
  });
});
