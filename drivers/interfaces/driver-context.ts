import type { Logger } from '../../core/index.js';

/** What every driver call receives besides the node: a logger bound to the node and a way to stop. */
export interface DriverContext {
  log: Logger;
  /** Aborted on shutdown, on `abort`, or when the caller's timeout expires; pass it to every wait. */
  signal: AbortSignal;
}
