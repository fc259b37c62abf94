import { ConcurrentUpdate, NodeLocked, NotFound, isoTimestamp } from '../../../core/index.js';
import type { Clock, NodeRecord } from '../../../core/index.js';
import type { NodeFilters, NodeRepository } from '../repository.js';
import { changesField, mergeChanges } from '../tables/merge-changes.js';
import { nodeTable } from '../tables/node-table.js';
import { findRecord } from './sql-collection.js';
import { countRecords, recordOf, selectList, selectRecords } from './select-records.js';
import type { SqlExecutor } from './sql-executor.js';
import { deleteRecord, insertRecord, rewriteRecord } from './write-records.js';

/**
 * Nodes in SQL. `reservation` is written only by single-statement compare-and-sets (reserve, release) or by
 * an update that names it; every read takes it from its column, never from the JSON copy.
 */
export function createSqlNodes(ex: SqlExecutor, clock: Clock): NodeRepository {
  const columns = selectList(nodeTable);
  return {
    create: (node) => insertRecord(ex, nodeTable, node),
    get: (ident) => findRecord(ex, nodeTable, ident),
    list: (filters, page) => selectRecords(ex, nodeTable, filters, page),
    count: (filters) => countRecords(ex, nodeTable, nodeTable.conditions(filters)),
    update: async (uuid, expectedVersion, changes) => {
      const [row] = await ex.all(`SELECT ${columns} FROM nodes WHERE uuid = ?`, [uuid]);
      if (row === undefined) throw new NotFound('Node', uuid);
      const current = recordOf<NodeRecord, NodeFilters>(nodeTable, row);
      if (current.version !== expectedVersion) throw new ConcurrentUpdate('Node', uuid);
      const merged = { ...mergeChanges(current, changes, isoTimestamp(clock.now())), version: current.version + 1 };
      const copy = JSON.parse(JSON.stringify(merged)) as NodeRecord;
      const skip = changesField(changes, 'reservation') ? [] : ['reservation'];
      const result = await rewriteRecord(ex, nodeTable, uuid, copy, { skip, expectedVersion });
      if (!result.written) {
        const [still] = await ex.all('SELECT version FROM nodes WHERE uuid = ?', [uuid]);
        throw still === undefined ? new NotFound('Node', uuid) : new ConcurrentUpdate('Node', uuid);
      }
      return { ...copy, reservation: (result.overlay['reservation'] ?? null) as string | null };
    },
    delete: (uuid) => deleteRecord(ex, nodeTable, uuid),
    reserve: async (uuid, holder) => {
      // Ironic's reserve_node: one UPDATE ... WHERE reservation IS NULL; the database serialises racers.
      const [row] = await ex.all(
        `UPDATE nodes SET reservation = ? WHERE uuid = ? AND reservation IS NULL RETURNING ${columns}`,
        [holder, uuid],
      );
      if (row !== undefined) return recordOf<NodeRecord, NodeFilters>(nodeTable, row);
      const [held] = await ex.all('SELECT reservation FROM nodes WHERE uuid = ?', [uuid]);
      if (held === undefined) throw new NotFound('Node', uuid);
      const current = held['reservation'];
      throw new NodeLocked(uuid, typeof current === 'string' ? current : 'another conductor');
    },
    release: async (uuid, holder) => {
      await ex.run('UPDATE nodes SET reservation = NULL WHERE uuid = ? AND reservation = ?', [uuid, holder]);
    },
    releaseAll: async (holder) => {
      const rows = await ex.all('UPDATE nodes SET reservation = NULL WHERE reservation = ? RETURNING uuid', [holder]);
      return rows.map((r) => String(r['uuid'])).sort();
    },
  };
}
