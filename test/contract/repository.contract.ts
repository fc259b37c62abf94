import { describe } from 'vitest';
import type { Store } from '../../conductor/persistence/index.js';
import { collectionsContract } from './collections.contract.js';
import { historyAndConductorsContract } from './history-conductors.contract.js';
import { leasesContract } from './leases.contract.js';
import { nodeCrudContract } from './node-crud.contract.js';
import { nodeDataContract } from './node-data.contract.js';
import { nodeListContract } from './node-list.contract.js';
import { nodeLockContract } from './node-lock.contract.js';
import { useStore } from './store-handle.js';

/**
 * The behaviour every Store must share (in-memory, SQLite, PostgreSQL). `open` returns an empty store; it is
 * called before each test and the store is closed after it.
 */
export function repositoryContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} store: repository contract`, () => {
    const handle = useStore(open);
    nodeCrudContract(handle);
    nodeLockContract(handle);
    nodeListContract(handle);
    collectionsContract(handle);
    historyAndConductorsContract(handle);
    nodeDataContract(handle);
    leasesContract(handle);
  });
}
