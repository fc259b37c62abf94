import {
  InvalidStateRequested, ProvisionState, isoTimestamp, nextState, targetFor, type NodeRecord, type ProvisionEvent,
} from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { recordHistory } from './history.js';
import type { NodeTask } from './node-task.js';

/** The deps slice state changes need. */
export type FireEventDeps = Pick<ConductorDeps, 'store' | 'clock' | 'hostname' | 'log'>;

/** Options of one move of the state machine. */
export interface FireEventOptions {
  /** Other fields saved in the same write (last_error, instance_info ...). */
  changes?: Partial<NodeRecord>;
  user?: string | null | undefined;
  /** Recorded as an ERROR history event instead of the generic transition text. */
  error?: string;
  /** Recorded as the history text (severity WARNING) when no error is given: aborts by request. */
  note?: string;
}

const CLEANING_STATES: ReadonlySet<string> = new Set([ProvisionState.Cleaning, ProvisionState.CleanWait, ProvisionState.CleanHold]);

/** True while a manual clean runs: Ironic marks it by target_provision_state 'manageable'. */
export function isManualClean(node: Pick<NodeRecord, 'provision_state' | 'target_provision_state'>): boolean {
  return CLEANING_STATES.has(node.provision_state) && node.target_provision_state === ProvisionState.Manageable;
}

/**
 * Moves the node by `event` (core's table), saving provision_state, target_provision_state (null once
 * stable or failed), provision_updated_at, then history. Throws InvalidStateRequested for a move the table lacks.
 */
export async function fireEvent(deps: FireEventDeps, task: NodeTask, event: ProvisionEvent, options: FireEventOptions = {}): Promise<NodeRecord> {
  const from = task.node.provision_state;
  const to = nextState(from, event);
  if (!to) throw new InvalidStateRequested(event, task.node.uuid, from);
  // `clean` from manageable starts a manual clean; from deleting it is the automated clean after tear-down.
  const manual = (event === 'clean' && from === ProvisionState.Manageable) || (CLEANING_STATES.has(from) && isManualClean(task.node));
  const node = await task.save({
    ...options.changes,
    provision_state: to,
    target_provision_state: targetFor(to, manual),
    provision_updated_at: isoTimestamp(deps.clock.now()),
  });
  const log = { from, to, event };
  if (options.error === undefined) task.log.info(log, 'provision state changed');
  else task.log.error({ ...log, error: options.error }, 'provision state changed after a failure');
  await recordHistory(deps, node, {
    eventType: 'provisioning',
    event: options.error ?? options.note ?? `${from} -> ${to} (${event})`,
    severity: options.error !== undefined ? 'ERROR' : options.note !== undefined ? 'WARNING' : 'INFO',
    user: options.user,
  });
  return node;
}

/** Fires `fail` with last_error set to the real cause (and history severity ERROR). */
export async function failNode(deps: FireEventDeps, task: NodeTask, message: string, changes: Partial<NodeRecord> = {}): Promise<NodeRecord> {
  return fireEvent(deps, task, 'fail', { changes: { ...changes, last_error: message }, error: message });
}
