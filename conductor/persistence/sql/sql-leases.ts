import type { LeaseRecord, LeaseRepository } from '../repository.js';
import type { SqlExecutor, SqlRow } from './sql-executor.js';

const COLUMNS = 'address, mac, client_id, hostname, expires_at';

/** DHCP leases in SQL: one row per address, replaced in one upsert statement. */
export function createSqlLeases(ex: SqlExecutor): LeaseRepository {
  return {
    list: async () => (await ex.all(`SELECT ${COLUMNS} FROM dhcp_leases ORDER BY address`, [])).map(recordOf),
    put: async (lease) => {
      await ex.run(
        `INSERT INTO dhcp_leases (${COLUMNS}) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (address) DO UPDATE SET mac = excluded.mac, client_id = excluded.client_id,
         hostname = excluded.hostname, expires_at = excluded.expires_at`,
        [lease.address, lease.mac, lease.client_id, lease.hostname, lease.expires_at],
      );
    },
    delete: async (address) => (await ex.run('DELETE FROM dhcp_leases WHERE address = ?', [address])) > 0,
    deleteExpired: (nowIso) => ex.run('DELETE FROM dhcp_leases WHERE expires_at <= ?', [nowIso]),
  };
}

function recordOf(row: SqlRow): LeaseRecord {
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    address: String(row['address']),
    mac: text(row['mac']),
    client_id: String(row['client_id']),
    hostname: text(row['hostname']),
    expires_at: String(row['expires_at']),
  };
}
