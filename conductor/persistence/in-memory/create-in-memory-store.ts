import { systemClock } from '../../../core/index.js';
import type { Clock } from '../../../core/index.js';
import type { Store } from '../repository.js';
import { allocationTable } from '../tables/allocation-table.js';
import { chassisTable } from '../tables/chassis-table.js';
import { deployTemplateTable } from '../tables/deploy-template-table.js';
import { portTable } from '../tables/port-table.js';
import { portgroupTable } from '../tables/portgroup-table.js';
import { createMemoryCollection } from './memory-collection.js';
import { createMemoryConductors } from './memory-conductors.js';
import { createMemoryDatabase } from './memory-database.js';
import { createMemoryHistory } from './memory-history.js';
import { createMemoryLeases } from './memory-leases.js';
import { createMemoryNodeData } from './memory-node-data.js';
import { createMemoryNodes } from './memory-nodes.js';

/** Options of the in-memory store. */
export interface InMemoryStoreOptions {
  /** Source of `updated_at` on updates; the system clock by default. */
  clock?: Clock;
}

/**
 * A Store that keeps everything in this process: for tests, demos and `memory://`. It enforces the same
 * constraints, errors and ordering as the SQL stores (the repository contract suite runs against all three).
 */
export function createInMemoryStore(options: InMemoryStoreOptions = {}): Store {
  const clock = options.clock ?? systemClock;
  const db = createMemoryDatabase();
  return {
    kind: 'memory',
    nodes: createMemoryNodes(db, clock),
    ports: createMemoryCollection(db, portTable, clock),
    portgroups: createMemoryCollection(db, portgroupTable, clock),
    chassis: createMemoryCollection(db, chassisTable, clock),
    allocations: createMemoryCollection(db, allocationTable, clock),
    deployTemplates: createMemoryCollection(db, deployTemplateTable, clock),
    history: createMemoryHistory(db),
    conductors: createMemoryConductors(),
    nodeData: createMemoryNodeData(db),
    leases: createMemoryLeases(),
    close: () => Promise.resolve(),
  };
}
