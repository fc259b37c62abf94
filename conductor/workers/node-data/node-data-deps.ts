import type { ConductorDeps } from '../conductor-deps.js';

/** What refreshing cached node data needs: the store, a clock for timestamps, history's conductor name, a logger. */
export type NodeDataDeps = Pick<ConductorDeps, 'store' | 'clock' | 'hostname' | 'log'>;
