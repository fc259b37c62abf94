import { isAbsolute, resolve } from 'node:path';
import { InvalidParameterValue } from '../../core/index.js';
import type { Clock } from '../../core/index.js';
import { createInMemoryStore } from './in-memory/create-in-memory-store.js';
import type { Store } from './repository.js';

/** Store settings beyond what the URL says. */
export interface OpenStoreOptions {
  clock?: Clock;
  /** Base for relative sqlite:// paths; the current directory by default. */
  baseDir?: string;
  sqlite?: { synchronous?: 'full' | 'normal'; busyTimeoutMs?: number };
  postgres?: { poolSize?: number; schema?: string };
}

/**
 * Opens the store a database URL names: `memory://`, `sqlite:///abs/path.db`, `sqlite://relative/path.db`,
 * `postgresql://…` or `postgres://…`. The SQL drivers are loaded only when used.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  if (url === 'memory://' || url === 'memory:') return createInMemoryStore(clock);
  if (url.startsWith('sqlite://')) {
    const path = url.slice('sqlite://'.length);
    if (path === '')
      throw new InvalidParameterValue(
        'The database URL sqlite:// needs a file path, e.g. sqlite:///var/lib/ferro/ferro.db',
      );
    const { openSqliteStore } = await import('./sqlite/open-sqlite-store.js');
    return openSqliteStore({
      path: isAbsolute(path) ? path : resolve(options.baseDir ?? process.cwd(), path),
      ...options.sqlite,
      ...clock,
    });
  }
  if (url.startsWith('postgresql://') || url.startsWith('postgres://')) {
    const { openPostgresStore } = await import('./postgres/open-postgres-store.js');
    return openPostgresStore({ connectionString: url, ...options.postgres, ...clock });
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1] ?? '(none)';
  throw new InvalidParameterValue(
    `Unsupported database URL scheme "${scheme}": use memory://, sqlite:///absolute/path.db, sqlite://relative/path.db or postgresql://user@host/db`,
  );
}
