import type { HistoryRepository } from '../repository.js';
import { historyTable } from '../tables/history-table.js';
import { findRecord } from './sql-collection.js';
import { selectRecords } from './select-records.js';
import type { SqlExecutor } from './sql-executor.js';
import { insertRecord } from './write-records.js';

/** Node history in SQL; "newest" means latest (created_at, id). */
export function createSqlHistory(ex: SqlExecutor): HistoryRepository {
  return {
    add: async (event) => {
      await insertRecord(ex, historyTable, event);
    },
    list: (nodeUuid, page) => selectRecords(ex, historyTable, { node_uuid: nodeUuid }, page),
    get: (uuid) => findRecord(ex, historyTable, uuid),
    prune: (nodeUuid, keep) =>
      ex.run(
        `DELETE FROM node_history WHERE node_uuid = ? AND id NOT IN
         (SELECT id FROM node_history WHERE node_uuid = ? ORDER BY created_at DESC, id DESC LIMIT ?)`,
        [nodeUuid, nodeUuid, Math.max(0, keep)],
      ),
  };
}
