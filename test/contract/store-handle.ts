import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../conductor/persistence/index.js';

/** The store of the running test: opened fresh before each test, closed after it. */
export interface StoreHandle {
  readonly store: Store;
}

/** Registers beforeEach/afterEach hooks that open and close a store per test. */
export function useStore(open: () => Promise<Store>): StoreHandle {
  let current: Store | undefined;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get store(): Store {
      if (current === undefined) throw new Error('store is only available inside a test');
      return current;
    },
  };
}
