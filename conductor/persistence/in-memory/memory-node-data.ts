import { NotFound } from '../../../core/index.js';
import type { NodeDataKind, NodeDataRecord, NodeDataRepository } from '../repository.js';
import { nodeDataKey } from '../tables/node-data-table.js';
import { memoryTable } from './memory-database.js';
import type { MemoryDatabase, MemoryRow } from './memory-database.js';

/**
 * Node data in memory, in the shared database so that deleting a node cascades to it (memory-database's
 * deleteRowCascade follows nodeDataTable's reference). Values are kept as JSON text: reads are deep copies.
 */
export function createMemoryNodeData(db: MemoryDatabase): NodeDataRepository {
  const rows = (): Map<string, MemoryRow> => memoryTable(db, 'node_data').rows;
  const later = <R>(fn: () => R): Promise<R> => Promise.resolve().then(fn);
  const read = (row: MemoryRow): NodeDataRecord => JSON.parse(row.data) as NodeDataRecord;
  return {
    put: (nodeUuid, kind, value, nowIso) =>
      later(() => {
        if (!memoryTable(db, 'nodes').rows.has(nodeUuid)) throw new NotFound('Node', nodeUuid);
        const key = nodeDataKey(nodeUuid, kind);
        const previous = rows().get(key);
        const record: NodeDataRecord = {
          node_uuid: nodeUuid, kind, value,
          created_at: previous === undefined ? nowIso : read(previous).created_at,
          updated_at: previous === undefined ? null : nowIso,
        };
        const row: MemoryRow = { id: previous?.id ?? db.nextId++, cols: { node_uuid: nodeUuid, kind }, data: JSON.stringify(record) };
        rows().set(key, row);
        return read(row);
      }),
    get: (nodeUuid, kind) =>
      later(() => {
        const row = rows().get(nodeDataKey(nodeUuid, kind));
        return row === undefined ? undefined : read(row);
      }),
    delete: (nodeUuid, kind?: NodeDataKind) =>
      later(() => {
        let removed = 0;
        for (const [key, row] of rows()) {
          if (row.cols['node_uuid'] === nodeUuid && (kind === undefined || row.cols['kind'] === kind)) {
            rows().delete(key);
            removed += 1;
          }
        }
        return removed;
      }),
  };
}
