import { describe, expect, it } from 'vitest';
import type { LeaseRecord } from '../../conductor/persistence/index.js';
import type { StoreHandle } from './store-handle.js';

const aLease = (overrides: Partial<LeaseRecord> = {}): LeaseRecord => ({
  address: '10.0.0.10',
  mac: '52:54:00:00:00:01',
  client_id: '01525400000001',
  hostname: null,
  expires_at: '2026-11-21T10:00:00.000+00:00',
  ...overrides,
});

/** DHCP leases (conductor/boot/dhcp persists them so a restart keeps clients on their addresses). */
export function leasesContract(h: StoreHandle): void {
  describe('dhcp leases', () => {
    it('stores leases and lists them back exactly', async () => {
      const a = aLease({ hostname: 'node-a' });
      const b = aLease({ address: '10.0.0.11', mac: null, client_id: 'ff00' });
      await h.store.leases.put(b);
      await h.store.leases.put(a);
      await expect(h.store.leases.list()).resolves.toEqual([a, b]);
    });

    it('replaces the lease of an address instead of adding a second one', async () => {
      await h.store.leases.put(aLease());
      const renewed = aLease({
        mac: '52:54:00:00:00:02',
        client_id: '01525400000002',
        expires_at: '2026-11-22T00:00:00.000+00:00',
      });
      await h.store.leases.put(renewed);
      await expect(h.store.leases.list()).resolves.toEqual([renewed]);
    });

    it('deletes one address and says whether it held a lease', async () => {
      await h.store.leases.put(aLease());
      await expect(h.store.leases.delete('10.0.0.10')).resolves.toBe(true);
      await expect(h.store.leases.delete('10.0.0.10')).resolves.toBe(false);
      await expect(h.store.leases.list()).resolves.toEqual([]);
    });

    it('removes leases that expired at or before the given time, keeping later ones', async () => {
      await h.store.leases.put(aLease({ address: '10.0.0.1', expires_at: '2026-11-21T09:00:00.000+00:00' }));
      await h.store.leases.put(aLease({ address: '10.0.0.2', expires_at: '2026-11-21T10:00:00.000+00:00' }));
      const later = aLease({ address: '10.0.0.3', expires_at: '2026-11-21T11:00:00.000+00:00' });
      await h.store.leases.put(later);
      await expect(h.store.leases.deleteExpired('2026-11-21T10:00:00.000+00:00')).resolves.toBe(2);
      await expect(h.store.leases.list()).resolves.toEqual([later]);
    });
  });
}
