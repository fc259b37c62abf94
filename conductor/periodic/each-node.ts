import type { NodeRecord } from '../../core/index.js';
import type { NodeFilters, Store } from '../persistence/index.js';

/** Nodes matching `filters`, read page by page so a periodic run never loads the whole table at once. */
export async function* eachNode(store: Store, filters: NodeFilters, pageSize = 500): AsyncGenerator<NodeRecord> {
  let marker: string | undefined;
  for (;;) {
    const page = await store.nodes.list(filters, { limit: pageSize, marker, sortKey: 'id', sortDir: 'asc' });
    for (const node of page) yield node;
    if (page.length < pageSize) return;
    marker = page[page.length - 1]?.uuid;
  }
}

/** Runs `work` over `items` with at most `limit` at once; errors are the caller's to catch inside `work`. */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
