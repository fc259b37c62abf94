import { ConcurrentUpdate, NodeLocked, NotFound, isoTimestamp } from '../../../core/index.js';
import type { Clock, NodeRecord } from '../../../core/index.js';
import type { NodeRepository } from '../repository.js';
import { decodeRecord } from '../tables/decode-record.js';
import { mergeChanges } from '../tables/merge-changes.js';
import { nodeTable } from '../tables/node-table.js';
import { checkConstraints, deleteRowCascade, findRow, memoryTable, putRow } from './memory-database.js';
import type { MemoryDatabase, MemoryRow } from './memory-database.js';
import { insertRecord, readRow } from './memory-collection.js';
import { filterRows, selectRows } from './select-rows.js';

/** Nodes in memory; every method is one synchronous step, so each is atomic like its SQL statement. */
export function createMemoryNodes(db: MemoryDatabase, clock: Clock): NodeRepository {
  const rows = (): Map<string, MemoryRow> => memoryTable(db, 'nodes').rows;
  const later = <R>(fn: () => R): Promise<R> => Promise.resolve().then(fn);
  return {
    create: (node) => later(() => insertRecord(db, nodeTable, node)),
    get: (ident) =>
      later(() => {
        const row = findRow(db, nodeTable, ident);
        return row === undefined ? undefined : readRow(nodeTable, row);
      }),
    list: (filters, page) =>
      later(() => selectRows(db, nodeTable, filters, page).map((row) => readRow(nodeTable, row))),
    count: (filters) => later(() => filterRows(db, nodeTable, nodeTable.conditions(filters)).length),
    update: (uuid, expectedVersion, changes) =>
      later(() => {
        const row = rows().get(uuid);
        if (row === undefined) throw new NotFound('Node', uuid);
        const current = readRow(nodeTable, row);
        if (current.version !== expectedVersion) throw new ConcurrentUpdate('Node', uuid);
        const merged: NodeRecord = {
          ...mergeChanges(current, changes, isoTimestamp(clock.now())),
          version: current.version + 1,
        };
        const data = JSON.stringify(merged);
        const copy = decodeRecord(data, {}) as unknown as NodeRecord;
        const cols = nodeTable.columns(copy);
        checkConstraints(db, nodeTable, copy, cols, uuid);
        const next: MemoryRow = { id: row.id, cols: { ...cols }, data };
        putRow(db, nodeTable, uuid, next);
        return readRow(nodeTable, next);
      }),
    delete: (uuid) =>
      later(() => {
        if (!rows().has(uuid)) throw new NotFound('Node', uuid);
        deleteRowCascade(db, 'nodes', uuid);
      }),
    reserve: (uuid, holder) =>
      later(() => {
        const row = rows().get(uuid);
        if (row === undefined) throw new NotFound('Node', uuid);
        const current = row.cols['reservation'] ?? null;
        if (current !== null) throw new NodeLocked(uuid, String(current));
        row.cols['reservation'] = holder;
        return readRow(nodeTable, row);
      }),
    release: (uuid, holder) =>
      later(() => {
        const row = rows().get(uuid);
        if (row !== undefined && row.cols['reservation'] === holder) row.cols['reservation'] = null;
      }),
    releaseAll: (holder) =>
      later(() => {
        const released: string[] = [];
        for (const [uuid, row] of rows()) {
          if (row.cols['reservation'] === holder) {
            row.cols['reservation'] = null;
            released.push(uuid);
          }
        }
        return released.sort();
      }),
  };
}
