import { describe, expect, it } from 'vitest';
import { aRealisticNode } from '../../../test/contract/realistic-node.js';
import { repositoryContract } from '../../../test/contract/repository.contract.js';
import { createInMemoryStore } from './create-in-memory-store.js';

repositoryContract('in-memory', () => Promise.resolve(createInMemoryStore()));

describe('in-memory store: footprint (printed; the bound is a sanity check)', () => {
  it('holds 10,000 full nodes in well under 150 MB of heap', async () => {
    const store = createInMemoryStore();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 10_000; i++) await store.nodes.create(aRealisticNode(i));
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    const start = performance.now();
    const listed = await store.nodes.list({}, { limit: 1000, sortKey: 'name', sortDir: 'asc' });
    const listMs = performance.now() - start;
    console.log(
      `in-memory: 10,000 nodes grew the heap by ${grownMb.toFixed(0)} MB; list 1000 of them by name: ${listMs.toFixed(1)} ms`,
    );
    expect(listed).toHaveLength(1000);
    expect(grownMb).toBeLessThan(150);
  }, 60_000);
});
