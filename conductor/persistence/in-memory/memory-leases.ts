import type { LeaseRecord, LeaseRepository } from '../repository.js';

/** DHCP leases in memory, keyed by address; records are copied in and out, as the SQL stores do. */
export function createMemoryLeases(): LeaseRepository {
  const rows = new Map<string, LeaseRecord>();
  const later = <R>(fn: () => R): Promise<R> => Promise.resolve().then(fn);
  return {
    list: () => later(() => [...rows.values()].sort((a, b) => (a.address < b.address ? -1 : 1)).map((r) => ({ ...r }))),
    put: (lease) => later(() => void rows.set(lease.address, { ...lease })),
    delete: (address) => later(() => rows.delete(address)),
    deleteExpired: (nowIso) =>
      later(() => {
        let removed = 0;
        for (const [address, lease] of rows) {
          if (lease.expires_at <= nowIso) {
            rows.delete(address);
            removed += 1;
          }
        }
        return removed;
      }),
  };
}
