import type { HistoryRepository } from '../repository.js';
import { compareValues } from '../tables/compare-values.js';
import { historyTable } from '../tables/history-table.js';
import { deleteRowCascade, memoryTable } from './memory-database.js';
import type { MemoryDatabase } from './memory-database.js';
import { insertRecord, readRow } from './memory-collection.js';
import { filterRows, selectRows } from './select-rows.js';

/** Node history in memory; "newest" means latest (created_at, id), as in the SQL stores. */
export function createMemoryHistory(db: MemoryDatabase): HistoryRepository {
  const later = <R>(fn: () => R): Promise<R> => Promise.resolve().then(fn);
  return {
    add: (event) =>
      later(() => {
        insertRecord(db, historyTable, event);
      }),
    list: (nodeUuid, page) =>
      later(() => selectRows(db, historyTable, { node_uuid: nodeUuid }, page).map((row) => readRow(historyTable, row))),
    get: (uuid) =>
      later(() => {
        const row = memoryTable(db, 'node_history').rows.get(uuid);
        return row === undefined ? undefined : readRow(historyTable, row);
      }),
    prune: (nodeUuid, keep) =>
      later(() => {
        const rows = filterRows(db, historyTable, historyTable.conditions({ node_uuid: nodeUuid }));
        rows.sort((a, b) => compareValues(b.cols['created_at'] ?? null, a.cols['created_at'] ?? null) || b.id - a.id);
        const doomed = rows.slice(Math.max(0, keep));
        for (const row of doomed) deleteRowCascade(db, 'node_history', String(row.cols['uuid']));
        return doomed.length;
      }),
  };
}
