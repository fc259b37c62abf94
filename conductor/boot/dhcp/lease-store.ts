/** A persisted lease; the same shape as the store's LeaseRecord, so main.ts can pass `store.leases` as is. */
export interface StoredLease {
  address: string;
  mac: string | null;
  client_id: string;
  hostname: string | null;
  /** ISO 8601 (core isoTimestamp). */
  expires_at: string;
}

/** Where the DHCP server keeps leases across restarts (RFC 2131 §4.3: a server must not lose a binding). */
export interface LeaseStore {
  list(): Promise<StoredLease[]>;
  put(lease: StoredLease): Promise<void>;
  delete(address: string): Promise<boolean>;
  deleteExpired(nowIso: string): Promise<number>;
}
