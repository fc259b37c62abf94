import { Conflict, NotFound } from '../../../core/index.js';
import type { HistoryEvent } from '../../../core/index.js';
import { HISTORY_SORT_KEYS } from '../repository.js';
import type { TableSpec } from './table-spec.js';

/** Filters of a node's history: always one node. */
export interface HistoryFilters {
  node_uuid: string;
}

/** Node history events; deleted with their node. */
export const historyTable: TableSpec<HistoryEvent, HistoryFilters> = {
  table: 'node_history',
  kind: 'Node history',
  hasName: false,
  sortKeys: HISTORY_SORT_KEYS,
  columns: (e) => ({
    uuid: e.uuid,
    node_uuid: e.node_uuid,
    created_at: e.created_at,
    severity: e.severity,
    event_type: e.event_type,
  }),
  uniques: [
    {
      column: 'uuid',
      conflict: (e) =>
        new Conflict('NodeHistoryAlreadyExists', `A node history record with UUID ${e.uuid} already exists.`),
    },
  ],
  references: [
    { column: 'node_uuid', parent: 'nodes', notFound: (uuid) => new NotFound('Node', uuid), onDelete: 'cascade' },
  ],
  overlay: [],
  conditions: (f) => [{ op: 'eq', column: 'node_uuid', value: f.node_uuid }],
};
