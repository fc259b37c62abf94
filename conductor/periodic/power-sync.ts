import { NodeLocked, PowerTarget, ProvisionState, WAIT_STATES, type NodeRecord, type PowerState } from '../../core/index.js';
import { acquireNode, changePower, errorMessage, recordHistory, type ConductorDeps, type NodeTask } from '../workers/index.js';
import type { ClusterView } from './conductor-registration.js';
import { eachNode, forEachBounded } from './each-node.js';
import type { PeriodicConfig } from './periodic-config.js';

/** Consecutive sync failures per node, kept by the caller between runs (no module state). */
export type PowerSyncFailures = Map<string, number>;

/** The config slice power sync uses. */
export type PowerSyncConfig = Pick<PeriodicConfig, 'powerSyncWorkers' | 'powerSyncMaxRetries' | 'forcePowerStateDuringSync'>;

/** States whose power is not ours to correct (SYNC_EXCLUDED_STATES plus every wait state). */
const EXCLUDED: ReadonlySet<string> = new Set([ProvisionState.Enroll, ProvisionState.AdoptFailed, ...WAIT_STATES]);

/** True when power sync should look at `node` (Ironic's _sync_power_states filters). */
export function isSyncCandidate(node: NodeRecord): boolean {
  return !node.maintenance && node.reservation === null && node.target_power_state === null && !EXCLUDED.has(node.provision_state);
}

/** How one node's sync ended: `skipped` when it was locked or had no usable driver_info yet. */
export type PowerSyncOutcome = 'inSync' | 'changed' | 'failed' | 'maintenance' | 'skipped';

/** What one sync pass did, for the log line and metrics at the end of each pass. */
export interface PowerSyncSummary {
  /** Nodes whose BMC was (to be) asked: candidates mapped to this conductor. */
  checked: number;
  inSync: number;
  /** Recorded state differed from the BMC's and was corrected (either way) or first recorded. */
  changed: number;
  /** The BMC did not answer or answered an error; the node stays in service for now (retries left). */
  failed: number;
  /** Nodes this pass put in maintenance with fault 'power failure' (retries used up). */
  maintenance: number;
  skipped: number;
  durationMs: number;
}

/**
 * One power-state sync pass over this conductor's nodes, bounded to powerSyncWorkers BMCs at once; nodes
 * with past failures go first. Mismatches are corrected (the recorded state is pushed to the hardware by
 * default); after powerSyncMaxRetries consecutive failures a node goes to maintenance, fault 'power failure'.
 */
export async function syncPowerStates(deps: ConductorDeps, cluster: ClusterView, failures: PowerSyncFailures, config: PowerSyncConfig, signal: AbortSignal): Promise<PowerSyncSummary> {
  const started = deps.clock.now();
  const nodes: NodeRecord[] = [];
  for await (const node of eachNode(deps.store, { maintenance: false })) {
    if (isSyncCandidate(node) && cluster.isMine(node)) nodes.push(node);
  }
  nodes.sort((a, b) => (failures.get(b.uuid) ?? 0) - (failures.get(a.uuid) ?? 0));
  const seen = new Set(nodes.map((n) => n.uuid));
  for (const uuid of failures.keys()) if (!seen.has(uuid)) failures.delete(uuid);
  const counts: Record<PowerSyncOutcome, number> = { inSync: 0, changed: 0, failed: 0, maintenance: 0, skipped: 0 };
  await forEachBounded(nodes, config.powerSyncWorkers, async (node) => {
    if (signal.aborted) return;
    try {
      const result = await syncNode(deps, node, failures.get(node.uuid) ?? 0, config, signal);
      if (result.failures === 0) failures.delete(node.uuid);
      else failures.set(node.uuid, result.failures);
      counts[result.outcome] += 1;
    } catch (error) {
      counts.skipped += 1;
      deps.log.warn({ node: node.uuid, err: error }, 'power sync of node failed');
    }
  });
  return { checked: nodes.length, ...counts, durationMs: deps.clock.now() - started };
}

/** do_sync_power_state: the outcome and the new failure count (0 when in sync). */
async function syncNode(deps: ConductorDeps, node: NodeRecord, previous: number, config: PowerSyncConfig, signal: AbortSignal): Promise<{ failures: number; outcome: PowerSyncOutcome }> {
  const count = previous + 1;
  const power = deps.drivers.forNode(node).power;
  const ctx = { log: deps.log.child({ node: node.uuid }), signal };
  if (node.power_state === null) {
    try { power.validate(node); } catch { return { failures: 0, outcome: 'skipped' }; }
  }
  let actual: PowerState;
  try {
    actual = await power.getPowerState(node, ctx);
    if (actual === 'error') throw new Error('Power driver returned ERROR state while trying to sync power state.');
  } catch (error) {
    if (count <= config.powerSyncMaxRetries) {
      ctx.log.warn({ attempt: count, retries: config.powerSyncMaxRetries, err: errorMessage(error) }, 'could not get power state during sync');
      return { failures: count, outcome: 'failed' };
    }
    const entered = await underLock(deps, node, async (task) => { await enterMaintenance(deps, task, null, error); return true; });
    return { failures: count, outcome: entered === true ? 'maintenance' : 'failed' };
  }
  if (node.power_state === actual) return { failures: 0, outcome: 'inSync' };
  const outcome = await underLock(deps, node, (task) => correctMismatch(deps, task, actual, count, config, signal)) ?? 'skipped';
  return { failures: node.power_state === null ? 0 : count, outcome }; // a first recording is not a failure
}

/** The BMC disagrees with the record: record a first state, give up after max retries, or correct one side. */
async function correctMismatch(deps: ConductorDeps, task: NodeTask, actual: PowerState, count: number, config: PowerSyncConfig, signal: AbortSignal): Promise<PowerSyncOutcome> {
  if (task.node.power_state === actual) return 'inSync';
  if (!isSyncCandidate({ ...task.node, reservation: null })) return 'skipped';
  if (task.node.power_state === null) {
    await task.save({ power_state: actual });
    await recordHistory(deps, task.node, { eventType: 'power', event: `Power state recorded by sync: ${actual}` });
  } else if (count > config.powerSyncMaxRetries) {
    await enterMaintenance(deps, task, actual, undefined);
    return 'maintenance';
  } else if (config.forcePowerStateDuringSync && task.node.power_state !== 'error') {
    task.log.warn({ actual, expected: task.node.power_state }, 'power state mismatch; changing hardware state');
    // Ironic only logs this; a history event lets operators see who switched what behind whose back.
    await recordHistory(deps, task.node, { eventType: 'power', severity: 'WARNING',
      event: `Power state mismatch found by sync: hardware is '${actual}', recorded '${task.node.power_state}'; changing hardware state to '${task.node.power_state}'` });
    const target = task.node.power_state === 'power on' ? PowerTarget.On : PowerTarget.Off;
    await changePower(deps, task, target, { signal }).catch(() => undefined);
  } else {
    await recordHistory(deps, task.node, { eventType: 'power', event: `Power state corrected by sync: ${task.node.power_state} -> ${actual}`, severity: 'WARNING' });
    await task.save({ power_state: actual });
  }
  return 'changed';
}

/** handle_sync_power_state_max_retries_exceeded, with Ironic's exact reason. */
async function enterMaintenance(deps: ConductorDeps, task: NodeTask, actual: PowerState | null, error: unknown): Promise<void> {
  let reason = `During sync_power_state, max retries exceeded for node ${task.node.uuid}, node state ${actual ?? 'None'} ` +
    `does not match expected state '${task.node.power_state ?? 'None'}'. Updating DB state to '${actual ?? 'None'}' Switching node to maintenance mode.`;
  if (error !== undefined) reason += ` Error: ${errorMessage(error)}`;
  await task.save({ power_state: actual, maintenance: true, maintenance_reason: reason, fault: 'power failure' });
  await recordHistory(deps, task.node, { eventType: 'monitoring', event: reason, severity: 'ERROR' });
  task.log.error({ reason }, 'node put in maintenance by power sync');
}

/** What one power-failure recovery pass did. */
export interface PowerRecoverySummary {
  /** Nodes in maintenance for 'power failure' that this conductor asked the BMC of. */
  checked: number;
  recovered: number;
  durationMs: number;
}

/** _power_failure_recovery: nodes in maintenance for 'power failure' leave it once their BMC answers. */
export async function recoverPowerFailures(deps: ConductorDeps, cluster: ClusterView, workers: number, signal: AbortSignal): Promise<PowerRecoverySummary> {
  const started = deps.clock.now();
  const nodes: NodeRecord[] = [];
  for await (const node of eachNode(deps.store, { maintenance: true, fault: 'power failure' })) {
    if (node.provision_state !== ProvisionState.Enroll && node.reservation === null && node.target_power_state === null && cluster.isMine(node)) nodes.push(node);
  }
  let recovered = 0;
  await forEachBounded(nodes, workers, async (node) => {
    const power = deps.drivers.forNode(node).power;
    let actual: PowerState;
    try {
      power.validate(node);
      actual = await power.getPowerState(node, { log: deps.log.child({ node: node.uuid }), signal });
      if (actual === 'error') return;
    } catch {
      return; // still failing; try again next time
    }
    const done = await underLock(deps, node, async (task) => {
      if (!task.node.maintenance || task.node.fault !== 'power failure') return false;
      await task.save({ power_state: actual, maintenance: false, maintenance_reason: null, fault: null });
      const event = `Node ${task.node.uuid} is recovered from power failure with actual power state '${actual}'.`;
      await recordHistory(deps, task.node, { eventType: 'maintenance', event });
      task.log.info({ power: actual }, 'node recovered from power failure');
      return true;
    });
    if (done === true) recovered += 1;
  });
  return { checked: nodes.length, recovered, durationMs: deps.clock.now() - started };
}

/** Runs `work` under the node's reservation; a node someone else holds is skipped (undefined) until the next run. */
async function underLock<T>(deps: ConductorDeps, node: NodeRecord, work: (task: NodeTask) => Promise<T>): Promise<T | undefined> {
  let task: NodeTask;
  try {
    task = await acquireNode({ ...deps, timeouts: { ...deps.timeouts, nodeLockedRetryAttempts: 1 } }, node.uuid, 'power state sync');
  } catch (error) {
    if (error instanceof NodeLocked) return undefined;
    throw error;
  }
  try {
    return await work(task);
  } finally {
    await task.release();
  }
}
