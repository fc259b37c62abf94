import type { Clock } from '../../../core/index.js';
import type { Store } from '../repository.js';
import { allocationTable } from '../tables/allocation-table.js';
import { chassisTable } from '../tables/chassis-table.js';
import { deployTemplateTable } from '../tables/deploy-template-table.js';
import { portTable } from '../tables/port-table.js';
import { portgroupTable } from '../tables/portgroup-table.js';
import { createSqlCollection } from './sql-collection.js';
import { createSqlConductors } from './sql-conductors.js';
import type { SqlExecutor } from './sql-executor.js';
import { createSqlHistory } from './sql-history.js';
import { createSqlLeases } from './sql-leases.js';
import { createSqlNodeData } from './sql-node-data.js';
import { createSqlNodes } from './sql-nodes.js';

/** A Store over any SQL executor whose database has been migrated. */
export function createSqlStore(ex: SqlExecutor, clock: Clock): Store {
  return {
    kind: ex.dialect,
    nodes: createSqlNodes(ex, clock),
    ports: createSqlCollection(ex, portTable, clock),
    portgroups: createSqlCollection(ex, portgroupTable, clock),
    chassis: createSqlCollection(ex, chassisTable, clock),
    allocations: createSqlCollection(ex, allocationTable, clock),
    deployTemplates: createSqlCollection(ex, deployTemplateTable, clock),
    history: createSqlHistory(ex),
    conductors: createSqlConductors(ex),
    nodeData: createSqlNodeData(ex),
    leases: createSqlLeases(ex),
    close: () => ex.close(),
  };
}
