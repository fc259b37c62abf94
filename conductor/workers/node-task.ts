import {
  ConcurrentUpdate, NodeLocked, NotFound, type Logger, type NodeRecord,
} from '../../core/index.js';
import type { NodeInterfaces } from '../../drivers/interfaces/index.js';
import type { ConductorDeps } from './conductor-deps.js';

/**
 * A node under this conductor's exclusive reservation (Ironic's TaskManager with shared=False). Writes are
 * compare-and-set on `version`; `node` always shows the last saved record.
 */
export interface NodeTask {
  readonly node: NodeRecord;
  /** The node's driver interfaces; resolved lazily, so a bad interface only fails the calls that need it. */
  driver(): NodeInterfaces;
  readonly log: Logger;
  /** Persists `changes`; retries once on a concurrent writer (our changes are absolute values). */
  save(changes: Partial<NodeRecord>): Promise<NodeRecord>;
  /** Clears the reservation; safe to call twice. */
  release(): Promise<void>;
}

/** The deps slice reservations need. */
export type NodeTaskDeps = Pick<ConductorDeps, 'store' | 'drivers' | 'clock' | 'log' | 'hostname' | 'timeouts'>;

/** Reads a node by UUID or name; throws NodeNotFound (404) like Ironic. */
export async function getNode(deps: Pick<ConductorDeps, 'store'>, ident: string): Promise<NodeRecord> {
  const node = await deps.store.nodes.get(ident);
  if (!node) throw new NotFound('Node', ident, `Node ${ident} could not be found.`);
  return node;
}

/**
 * Reserves the node, retrying a few times like node_locked_retry_attempts, then NodeLocked (409).
 * `purpose` goes to the log, as Ironic's task purpose does.
 */
export async function acquireNode(deps: NodeTaskDeps, ident: string, purpose: string): Promise<NodeTask> {
  const { uuid } = await getNode(deps, ident);
  const attempts = Math.max(1, deps.timeouts.nodeLockedRetryAttempts);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const reserved = await deps.store.nodes.reserve(uuid, deps.hostname);
      return createNodeTask(deps, reserved, purpose);
    } catch (error) {
      if (!(error instanceof NodeLocked) || attempt >= attempts) throw error;
      deps.log.debug({ node: uuid, attempt, holder: error.holder, purpose }, 'node locked; retrying');
      await deps.clock.sleep(deps.timeouts.nodeLockedRetryIntervalMs);
    }
  }
}

function createNodeTask(deps: NodeTaskDeps, reserved: NodeRecord, purpose: string): NodeTask {
  let current = reserved;
  let released = false;
  let interfaces: NodeInterfaces | undefined;
  const log = deps.log.child({ node: reserved.uuid, purpose });
  return {
    get node() { return current; },
    driver: () => (interfaces ??= deps.drivers.forNode(current)),
    log,
    async save(changes) {
      try {
        current = await deps.store.nodes.update(current.uuid, current.version, changes);
      } catch (error) {
        if (!(error instanceof ConcurrentUpdate)) throw error;
        const fresh = await getNode(deps, current.uuid);
        current = await deps.store.nodes.update(current.uuid, fresh.version, changes);
      }
      return current;
    },
    async release() {
      if (released) return;
      released = true;
      await deps.store.nodes.release(current.uuid, deps.hostname);
    },
  };
}
