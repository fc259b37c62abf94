import { NotFound } from '../../../core/index.js';
import type { ConductorRecord } from '../../../core/index.js';
import type { ConductorRepository } from '../repository.js';
import { compareValues } from '../tables/compare-values.js';

type Registration = Parameters<ConductorRepository['register']>[0];

/** Conductors in memory, keyed by hostname; records are copied in and out. */
export function createMemoryConductors(): ConductorRepository {
  const rows = new Map<string, ConductorRecord>();
  const registered = new Map<string, Registration>();
  const later = <R>(fn: () => R): Promise<R> => Promise.resolve().then(fn);
  const register = (record: Registration, nowIso: string): void => {
    const existing = rows.get(record.hostname);
    registered.set(record.hostname, structuredClone(record));
    rows.set(record.hostname, {
      hostname: record.hostname,
      conductor_group: record.conductor_group,
      drivers: [...record.drivers],
      online: true,
      created_at: existing?.created_at ?? nowIso,
      updated_at: nowIso,
    });
  };
  return {
    register: (record, nowIso) => later(() => register(record, nowIso)),
    heartbeat: (hostname, nowIso) =>
      later(() => {
        const row = rows.get(hostname);
        if (row !== undefined) {
          rows.set(hostname, { ...row, online: true, updated_at: nowIso });
          return;
        }
        const again = registered.get(hostname);
        if (again === undefined) throw new NotFound('Conductor', hostname);
        register(again, nowIso);
      }),
    unregister: (hostname) =>
      later(() => {
        const row = rows.get(hostname);
        if (row !== undefined) rows.set(hostname, { ...row, online: false });
      }),
    list: () =>
      later(() =>
        [...rows.values()].sort((a, b) => compareValues(a.hostname, b.hostname)).map((row) => structuredClone(row)),
      ),
  };
}
