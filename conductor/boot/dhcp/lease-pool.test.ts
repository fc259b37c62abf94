import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/support/manual-clock.js';
import { createLeasePool, type OfferRequest } from './lease-pool.js';

const client = (n: number, extra: Partial<OfferRequest> = {}): OfferRequest => ({
  clientKey: `c${n}`,
  mac: undefined,
  dynamic: true,
  holdMs: 1000,
  ...extra,
});

describe('createLeasePool', () => {
  it('hands out the range in order, skipping excluded addresses, then reports exhaustion', () => {
    const pool = createLeasePool({ first: 10, last: 13, excluded: new Set([11]), maxDynamic: 100 }, new ManualClock());
    expect([1, 2, 3, 4].map((n) => pool.offer(client(n)))).toEqual([10, 12, 13, 'exhausted']);
  });

  it('treats an offer as a reservation until it lapses, then reuses the address', async () => {
    const clock = new ManualClock();
    const pool = createLeasePool({ first: 10, last: 10, excluded: new Set(), maxDynamic: 100 }, clock);
    expect(pool.offer(client(1))).toBe(10);
    expect(pool.offer(client(2))).toBe('exhausted');
    await clock.advance(1000);
    expect(pool.offer(client(2))).toBe(10);
  });

  it('gives a returning client its previous address, and honours a free requested address', () => {
    const pool = createLeasePool({ first: 10, last: 20, excluded: new Set(), maxDynamic: 100 }, new ManualClock());
    const a = pool.offer(client(1));
    expect(pool.bind(10, client(1), 60_000)).toBeDefined();
    expect(pool.offer(client(1))).toBe(a);
    expect(pool.offer(client(2, { requested: 15 }))).toBe(15);
  });

  it('refuses to bind an address another client holds, and releases only the holder', () => {
    const pool = createLeasePool({ first: 10, last: 20, excluded: new Set(), maxDynamic: 100 }, new ManualClock());
    pool.bind(10, client(1), 60_000);
    expect(pool.bind(10, client(2), 60_000)).toBeUndefined();
    expect(pool.release(10, 'c2')).toBe(false);
    expect(pool.release(10, 'c1')).toBe(true);
    expect(pool.offer(client(2))).toBe(10);
  });

  it('caps dynamic bindings but not enrolled ones, and reclaims expired leases without a scan', async () => {
    const clock = new ManualClock();
    const pool = createLeasePool({ first: 1, last: 100, excluded: new Set(), maxDynamic: 2 }, clock);
    pool.bind(1, client(1), 5000);
    pool.bind(2, client(2), 5000);
    expect(pool.offer(client(3))).toBe('limit');
    expect(pool.offer(client(4, { dynamic: false }))).toBe(3);
    await clock.advance(5000);
    expect(pool.offer(client(3))).toBe(2); // the most recently returned address comes first
    expect(pool.dynamicCount).toBe(1);
  });

  it('keeps a quarantined address out of use until its hold ends', async () => {
    const clock = new ManualClock();
    const pool = createLeasePool({ first: 10, last: 10, excluded: new Set(), maxDynamic: 10 }, clock);
    pool.quarantine(10, 600_000);
    expect(pool.offer(client(1))).toBe('exhausted');
    await clock.advance(600_000);
    expect(pool.offer(client(1))).toBe(10);
  });

  it('allocates 20,000 addresses with a cost per allocation that does not grow', () => {
    const pool = createLeasePool(
      { first: 1, last: 40_000, excluded: new Set(), maxDynamic: 40_000 },
      new ManualClock(),
    );
    const time = (from: number): number => {
      const t0 = performance.now();
      for (let n = from; n < from + 5000; n++) pool.bind(pool.offer(client(n)) as number, client(n), 3_600_000);
      return performance.now() - t0;
    };
    const first = time(0);
    time(5000);
    time(10_000);
    const last = time(15_000);
    expect(last).toBeLessThan(first * 3 + 20); // a scan would make the last 5,000 ~7x slower than the first
  });
});
