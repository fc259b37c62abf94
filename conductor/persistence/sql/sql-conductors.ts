import { NotFound } from '../../../core/index.js';
import type { ConductorRecord } from '../../../core/index.js';
import type { ConductorRepository } from '../repository.js';
import type { SqlExecutor, SqlRow } from './sql-executor.js';

type Registration = Parameters<ConductorRepository['register']>[0];

/** Conductors in SQL, keyed by hostname; re-registers from memory when a heartbeat finds no row. */
export function createSqlConductors(ex: SqlExecutor): ConductorRepository {
  const registered = new Map<string, Registration>();
  const register = async (record: Registration, nowIso: string): Promise<void> => {
    registered.set(record.hostname, structuredClone(record));
    await ex.run(
      `INSERT INTO conductors (hostname, conductor_group, drivers, online, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (hostname) DO UPDATE SET conductor_group = excluded.conductor_group, drivers = excluded.drivers,
       online = excluded.online, updated_at = excluded.updated_at`,
      [record.hostname, record.conductor_group, JSON.stringify(record.drivers), true, nowIso, nowIso],
    );
  };
  return {
    register,
    heartbeat: async (hostname, nowIso) => {
      const changed = await ex.run('UPDATE conductors SET online = ?, updated_at = ? WHERE hostname = ?', [
        true,
        nowIso,
        hostname,
      ]);
      if (changed > 0) return;
      const again = registered.get(hostname);
      if (again === undefined) throw new NotFound('Conductor', hostname);
      await register(again, nowIso);
    },
    unregister: async (hostname) => {
      await ex.run('UPDATE conductors SET online = ? WHERE hostname = ?', [false, hostname]);
    },
    list: async () =>
      (
        await ex.all(
          'SELECT hostname, conductor_group, drivers, online, created_at, updated_at FROM conductors ORDER BY hostname',
          [],
        )
      ).map(conductorOf),
  };
}

function conductorOf(row: SqlRow): ConductorRecord {
  const drivers: unknown = typeof row['drivers'] === 'string' ? JSON.parse(row['drivers']) : row['drivers'];
  return {
    hostname: String(row['hostname']),
    conductor_group: String(row['conductor_group']),
    drivers: Array.isArray(drivers) ? drivers.map(String) : [],
    online: Boolean(row['online']),
    created_at: String(row['created_at']),
    updated_at: String(row['updated_at']),
  };
}
