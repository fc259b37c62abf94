import { NotFound } from '../../../core/index.js';
import type { NodeDataKind } from '../repository.js';
import type { TableReferences } from './all-tables.js';

/**
 * Node data rows are keyed by (node_uuid, kind), not by a uuid of their own. Only the reference is described
 * here: it is what makes the in-memory store cascade a node delete to them, as the SQL foreign key does.
 */
export const nodeDataTable: TableReferences = {
  table: 'node_data',
  references: [
    { column: 'node_uuid', parent: 'nodes', notFound: (uuid) => new NotFound('Node', uuid), onDelete: 'cascade' },
  ],
};

/** The in-memory row key of one node's value of one kind (NUL cannot occur in a uuid or a kind). */
export function nodeDataKey(nodeUuid: string, kind: NodeDataKind): string {
  return `${nodeUuid}\u0000${kind}`;
}
