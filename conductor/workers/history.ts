import { randomUUID } from 'node:crypto';
import { isoTimestamp, type HistorySeverity, type NodeRecord } from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';

/** Kinds of history events (Ironic's node_history event_type values, plus ours). */
export type HistoryEventType = 'provisioning' | 'power' | 'maintenance' | 'monitoring' | 'management' | 'conductor';

/** One history entry to record. */
export interface HistoryEntry {
  eventType: HistoryEventType;
  event: string;
  severity?: HistorySeverity;
  user?: string | null | undefined;
}

/**
 * Appends to the node's history (1.78). History must never fail an operation: a storage error is
 * logged and swallowed, because the state change it describes already happened.
 */
export async function recordHistory(
  deps: Pick<ConductorDeps, 'store' | 'clock' | 'hostname' | 'log'>,
  node: Pick<NodeRecord, 'uuid'>,
  entry: HistoryEntry,
): Promise<void> {
  try {
    await deps.store.history.add({
      uuid: randomUUID(), node_uuid: node.uuid, created_at: isoTimestamp(deps.clock.now()),
      severity: entry.severity ?? 'INFO', event_type: entry.eventType, event: entry.event,
      conductor: deps.hostname, user: entry.user ?? null,
    });
  } catch (error) {
    deps.log.warn({ node: node.uuid, err: error }, 'could not record node history');
  }
}

/** The message of anything thrown, for last_error and history. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
