import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's test server (trust auth, database `test`). */
export const TEST_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL tests cannot run (printed when they are skipped), or undefined when the server answers. */
export async function postgresUnavailable(url: string = TEST_POSTGRES_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${url} is not reachable (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A schema name no other test run uses. */
export function uniqueSchemaName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Runs statements on the test server with a short-lived client (schema cleanup, truncation). */
export async function adminQuery(sql: string, url: string = TEST_POSTGRES_URL): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
