/** One scheduled expiry: `key` may expire at `atMs` (entries can be stale; the owner checks). */
export interface ExpiryEntry {
  atMs: number;
  key: number;
}

/** A binary min-heap of expiries: O(log n) push and pop, so reclaiming leases never scans them all. */
export interface ExpiryHeap {
  push(entry: ExpiryEntry): void;
  /** The earliest entry, without removing it. */
  peek(): ExpiryEntry | undefined;
  pop(): ExpiryEntry | undefined;
  readonly size: number;
}

/** An empty heap. */
export function createExpiryHeap(): ExpiryHeap {
  const items: ExpiryEntry[] = [];
  const less = (a: number, b: number): boolean => (items[a]?.atMs ?? 0) < (items[b]?.atMs ?? 0);
  const swap = (a: number, b: number): void => {
    const t = items[a] as ExpiryEntry;
    items[a] = items[b] as ExpiryEntry;
    items[b] = t;
  };
  return {
    push(entry) {
      items.push(entry);
      for (let i = items.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    },
    peek: () => items[0],
    pop() {
      const top = items[0];
      const last = items.pop();
      if (items.length === 0 || last === undefined) return top;
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && less(l, m)) m = l;
        if (r < items.length && less(r, m)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
      return top;
    },
    get size() {
      return items.length;
    },
  };
}
