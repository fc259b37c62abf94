import { NotFound } from '../../../core/index.js';
import type { JsonValue } from '../../../core/index.js';
import { NODE_DATA_KINDS } from '../repository.js';
import type { NodeDataKind, NodeDataRecord, NodeDataRepository } from '../repository.js';
import type { SqlExecutor, SqlRow } from './sql-executor.js';

const COLUMNS = 'node_uuid, kind, created_at, updated_at, data';

/** Node data in SQL: one row per (node_uuid, kind); the foreign key deletes it with its node. */
export function createSqlNodeData(ex: SqlExecutor): NodeDataRepository {
  return {
    put: async (nodeUuid, kind, value, nowIso) => {
      // One upsert statement, so concurrent writers never see a half-replaced value; on a replace the new
      // row's created_at (now) becomes updated_at and the first created_at stays.
      const sql = `INSERT INTO node_data (node_uuid, kind, created_at, updated_at, data) VALUES (?, ?, ?, NULL, ?)
        ON CONFLICT (node_uuid, kind) DO UPDATE SET data = excluded.data, updated_at = excluded.created_at
        RETURNING ${COLUMNS}`;
      try {
        const [row] = await ex.all(sql, [nodeUuid, kind, nowIso, JSON.stringify(value)]);
        if (row === undefined) throw new Error('node_data upsert returned no row');
        return recordOf(row);
      } catch (error) {
        if (ex.constraintOf(error) === 'foreign') throw new NotFound('Node', nodeUuid);
        throw error;
      }
    },
    get: async (nodeUuid, kind) => {
      const [row] = await ex.all(`SELECT ${COLUMNS} FROM node_data WHERE node_uuid = ? AND kind = ?`, [nodeUuid, kind]);
      return row === undefined ? undefined : recordOf(row);
    },
    delete: (nodeUuid, kind?: NodeDataKind) =>
      kind === undefined
        ? ex.run('DELETE FROM node_data WHERE node_uuid = ?', [nodeUuid])
        : ex.run('DELETE FROM node_data WHERE node_uuid = ? AND kind = ?', [nodeUuid, kind]),
  };
}

/** A row as a record; `data` is JSON text (SQLite) or already parsed (PostgreSQL's json type). */
function recordOf(row: SqlRow): NodeDataRecord {
  const kind = String(row['kind']);
  if (!(NODE_DATA_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`Stored node data has an unknown kind "${kind}"; the database row is corrupt.`);
  }
  const data = row['data'];
  const updated = row['updated_at'];
  return {
    node_uuid: String(row['node_uuid']),
    kind: kind as NodeDataKind,
    value: (typeof data === 'string' ? JSON.parse(data) : data) as JsonValue,
    created_at: String(row['created_at']),
    updated_at: typeof updated === 'string' ? updated : null,
  };
}
