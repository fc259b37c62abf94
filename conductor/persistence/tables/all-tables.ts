import { allocationTable } from './allocation-table.js';
import { chassisTable } from './chassis-table.js';
import { deployTemplateTable } from './deploy-template-table.js';
import { historyTable } from './history-table.js';
import { nodeDataTable } from './node-data-table.js';
import { nodeTable } from './node-table.js';
import { portTable } from './port-table.js';
import { portgroupTable } from './portgroup-table.js';
import type { Reference, TableName } from './table-spec.js';

/** One row per table: its name and the references it holds (what a delete elsewhere must respect). */
export interface TableReferences {
  readonly table: TableName;
  readonly references: readonly Reference[];
}

/** Every table, parents before children (the order migrations create them in). */
export const ALL_TABLES: readonly TableReferences[] = [
  chassisTable,
  nodeTable,
  portgroupTable,
  portTable,
  allocationTable,
  deployTemplateTable,
  historyTable,
  nodeDataTable,
];

/** The references in other tables that point at `table`, with the table holding each. */
export function referencesTo(table: TableName): Array<{ child: TableName; reference: Reference }> {
  return ALL_TABLES.flatMap((t) =>
    t.references.filter((r) => r.parent === table).map((reference) => ({ child: t.table, reference })),
  );
}
