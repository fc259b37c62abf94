import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeLocked } from '../../../core/index.js';
import { aRealisticNode } from '../../../test/contract/realistic-node.js';
import { aNode } from '../../../test/contract/repository-fixtures.js';
import { MIGRATIONS } from '../sql/migrations.js';
import { openPostgresStore } from './open-postgres-store.js';
import { TEST_POSTGRES_URL, adminQuery, postgresUnavailable, uniqueSchemaName } from './postgres-test-database.js';

const unavailable = await postgresUnavailable();
if (unavailable !== undefined) console.warn(`Skipping PostgreSQL concurrency tests: ${unavailable}`);
const schemas: string[] = [];
const freshSchema = (): string => {
  const schema = uniqueSchemaName('ferro_conc');
  schemas.push(schema);
  return schema;
};
afterAll(async () => {
  if (unavailable !== undefined) return;
  for (const schema of schemas) await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
});

describe.skipIf(unavailable !== undefined)('postgres store: several conductors on one database', () => {
  it('migrates once when several stores open a fresh schema at the same time', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => openPostgresStore({ connectionString: TEST_POSTGRES_URL, schema, poolSize: 2 })),
    );
    await Promise.all(stores.map((s) => s.close()));
    const applied = await adminQuery(`SELECT id FROM "${schema}".ferro_migrations ORDER BY id`);
    expect(applied.rows.map((r: { id: number }) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it('reserves each node exactly once when two conductors race for the same nodes', async () => {
    const schema = freshSchema();
    const a = await openPostgresStore({ connectionString: TEST_POSTGRES_URL, schema, poolSize: 8 });
    const b = await openPostgresStore({ connectionString: TEST_POSTGRES_URL, schema, poolSize: 8 });
    try {
      const nodes = await Promise.all(Array.from({ length: 60 }, () => a.nodes.create(aNode())));
      await Promise.all(Array.from({ length: 8 }, () => b.nodes.count({}))); // open b's connections too
      const attempt = async (store: typeof a, holder: string, uuid: string): Promise<string | undefined> => {
        try {
          return (await store.nodes.reserve(uuid, holder)).reservation ?? 'null';
        } catch (error) {
          if (error instanceof NodeLocked) return undefined;
          throw error;
        }
      };
      // Alternate who asks first, so both pools send competing UPDATEs for the same row at once.
      const results = await Promise.all(
        nodes.flatMap((n, i) =>
          i % 2 === 0
            ? [
                attempt(a, 'conductor-a', n.uuid),
                attempt(b, 'conductor-b', n.uuid),
                attempt(a, 'conductor-a2', n.uuid),
                attempt(b, 'conductor-b2', n.uuid),
              ]
            : [
                attempt(b, 'conductor-b', n.uuid),
                attempt(a, 'conductor-a', n.uuid),
                attempt(b, 'conductor-b2', n.uuid),
                attempt(a, 'conductor-a2', n.uuid),
              ],
        ),
      );
      for (let i = 0; i < nodes.length; i++) {
        const won = results.slice(i * 4, i * 4 + 4).filter((r) => r !== undefined);
        expect(won, `node ${i}`).toHaveLength(1);
        await expect(b.nodes.get(nodes[i]?.uuid ?? '')).resolves.toMatchObject({ reservation: won[0] });
      }
      const winners = new Set(results.filter((r) => r !== undefined));
      expect([...winners].some((w) => w.startsWith('conductor-a'))).toBe(true);
      expect([...winners].some((w) => w.startsWith('conductor-b'))).toBe(true);
      console.log(
        `postgres race: ${nodes.length} nodes, winners by holder:`,
        [...winners].map((w) => `${w}=${results.filter((r) => r === w).length}`).join(' '),
      );
    } finally {
      await a.close();
      await b.close();
    }
  }, 30_000);

  it('lists 1000 full nodes (timing printed; the bound is a sanity check)', async () => {
    const store = await openPostgresStore({ connectionString: TEST_POSTGRES_URL, schema: freshSchema(), poolSize: 4 });
    try {
      for (let i = 0; i < 1000; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => store.nodes.create(aRealisticNode(i + j))));
      }
      const times: number[] = [];
      for (let run = 0; run < 7; run++) {
        const start = performance.now();
        const listed = await store.nodes.list({}, { limit: 1000, sortKey: 'id', sortDir: 'asc' });
        JSON.stringify(listed);
        times.push(performance.now() - start);
        expect(listed).toHaveLength(1000);
      }
      times.sort((x, y) => x - y);
      const uuid = (await store.nodes.list({}, { limit: 1, sortKey: 'id', sortDir: 'asc' }))[0]?.uuid ?? '';
      const start = performance.now();
      await Promise.all(Array.from({ length: 2000 }, () => store.nodes.get(uuid)));
      const getsPerSecond = 2000 / ((performance.now() - start) / 1000);
      console.log(
        `postgres: list 1000 nodes + JSON.stringify: ${(times[3] ?? 0).toFixed(1)} ms median; ` +
          `point get (4 connections): ${Math.round(getsPerSecond)}/s`,
      );
      expect(times[3]).toBeLessThan(1000);
    } finally {
      await store.close();
    }
  }, 60_000);
});
