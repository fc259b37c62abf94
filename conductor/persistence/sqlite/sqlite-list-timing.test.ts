import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { aRealisticNode } from '../../../test/contract/realistic-node.js';
import { openSqliteStore } from './open-sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ferro-sqlite-timing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Median of `runs` timings of `work`, in milliseconds. */
async function medianMs(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

describe('sqlite store: timing (printed; the bounds are only sanity checks)', () => {
  it('lists 1000 full nodes and serves point reads quickly', async () => {
    const store = await openSqliteStore({ path: join(dir, 'timing.db'), synchronous: 'normal' });
    try {
      const nodes = Array.from({ length: 1000 }, (_, i) => aRealisticNode(i));
      for (const node of nodes) await store.nodes.create(node);
      const page = { limit: 1000, sortKey: 'id', sortDir: 'asc' } as const;
      let bytes = 0;
      const listMs = await medianMs(9, async () => {
        bytes = JSON.stringify(await store.nodes.list({}, page)).length;
      });
      const filteredMs = await medianMs(9, () =>
        store.nodes.list({ driver: 'redfish', provision_state: 'active' }, { ...page, sortKey: 'name' }),
      );
      const gets = 10_000;
      const start = performance.now();
      for (let i = 0; i < gets; i++) await store.nodes.get(nodes[i % nodes.length]?.uuid ?? '');
      const getsPerSecond = gets / ((performance.now() - start) / 1000);
      console.log(
        `sqlite: list 1000 nodes + JSON.stringify (${(bytes / 1024).toFixed(0)} KiB): ${listMs.toFixed(1)} ms median; ` +
          `filtered 500 by name: ${filteredMs.toFixed(1)} ms; point get: ${Math.round(getsPerSecond)}/s`,
      );
      expect(bytes).toBeGreaterThan(1000 * 1000);
      expect(listMs).toBeLessThan(500);
      expect(getsPerSecond).toBeGreaterThan(2300);
    } finally {
      await store.close();
    }
  }, 60_000);
});
