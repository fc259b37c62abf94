// Power sync at scale, beyond speed (issue #3 item 5): a BMC switched behind the conductor's back is noticed
// and recorded in node history; BMCs that stop answering put their nodes in maintenance with fault
// 'power failure' and Ironic's reason after max retries; the recovery task takes them out once they answer.
import type { ResponderProcess } from './ipmi-responder-process.js';
import { apiCall, countNodes } from './power-sync-enroll.js';
import type { SweepRecord, SweepWatcher } from './power-sync-sweep.js';

/** What the flip check saw. */
export interface FlipResult {
  flipped: number;
  sweep: SweepRecord;
  /** Flipped nodes with a `power` history event after the flip. */
  withHistory: number;
  /** Flipped BMCs the conductor switched back to the recorded state (force_power_state_during_sync). */
  switchedBack: number;
  sampleEvent: string;
}

/** Switches BMCs [from, from + count) on behind the conductor's back and checks the next pass. */
export async function checkFlips(
  url: string,
  responder: ResponderProcess,
  watcher: SweepWatcher,
  uuids: readonly string[],
  from: number,
  count: number,
): Promise<FlipResult> {
  const flippedAt = Date.now();
  await responder.setBmcs({ from, count, power: 'on' });
  const sweep = await passStartedAfter(watcher, flippedAt);
  let withHistory = 0;
  let switchedBack = 0;
  let sampleEvent = '';
  for (let index = from; index < from + count; index += 1) {
    const { history } = await apiCall<{ history: Array<{ created_at: string; event: string; event_type: string }> }>(
      url,
      'GET',
      `/v1/nodes/${uuids[index] ?? ''}/history?detail=True`,
    );
    const fresh = history.filter((e) => e.event_type === 'power' && Date.parse(e.created_at) >= flippedAt - 1000);
    if (fresh.length > 0) withHistory += 1;
    sampleEvent ||= fresh[0]?.event ?? '';
    if ((await responder.bmc(index)).power === 'off') switchedBack += 1;
  }
  return { flipped: count, sweep, withHistory, switchedBack, sampleEvent };
}

/** The first pass that started after `afterMs` (passes already running then may or may not see a change). */
async function passStartedAfter(watcher: SweepWatcher, afterMs: number): Promise<SweepRecord> {
  for (let i = 0; i < 5; i += 1) {
    const sweep = await watcher.next(600_000);
    if (sweep.endedAtMs - sweep.durationMs >= afterMs) return sweep;
  }
  throw new Error('no power sync pass started after the change within 5 passes');
}

/** What the maintenance and recovery check saw. */
export interface MaintenanceResult {
  silenced: number;
  passes: SweepRecord[];
  secondsToMaintenance: number;
  inMaintenance: number;
  reason: string;
  reasonMatchesIronic: boolean;
  secondsToRecovery: number;
  recovered: number;
}

/** Silences BMCs [from, from + count) until their nodes are in maintenance, then lets them answer again. */
export async function checkMaintenance(
  url: string,
  responder: ResponderProcess,
  watcher: SweepWatcher,
  uuids: readonly string[],
  from: number,
  count: number,
  maxRetries: number,
): Promise<MaintenanceResult> {
  const silencedAt = Date.now();
  await responder.setBmcs({ from, count, silent: true });
  const passes: SweepRecord[] = [];
  let inMaintenance = 0;
  for (let i = 0; i < maxRetries + 4 && inMaintenance < count; i += 1) {
    passes.push(await watcher.next(600_000));
    inMaintenance = await countNodes(url, 'maintenance=true&fault=power%20failure');
  }
  const secondsToMaintenance = ((passes[passes.length - 1]?.endedAtMs ?? Date.now()) - silencedAt) / 1000;
  const uuid = uuids[from] ?? '';
  const node = await apiCall<{ maintenance_reason: string | null }>(
    url,
    'GET',
    `/v1/nodes/${uuid}?fields=maintenance_reason,fault`,
  );
  const reason = node.maintenance_reason ?? '';
  const ironic = new RegExp(
    `^During sync_power_state, max retries exceeded for node ${uuid}, node state None does not match expected state 'power off'\\. Updating DB state to 'None' Switching node to maintenance mode\\. Error: `,
  );
  const recoveredAt = Date.now();
  await responder.setBmcs({ from, count, silent: false });
  let left = inMaintenance;
  const deadline = Date.now() + 900_000;
  while (left > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    left = await countNodes(url, 'maintenance=true&fault=power%20failure');
  }
  return {
    silenced: count,
    passes,
    secondsToMaintenance,
    inMaintenance,
    reason,
    reasonMatchesIronic: ironic.test(reason),
    secondsToRecovery: (Date.now() - recoveredAt) / 1000,
    recovered: inMaintenance - left,
  };
}
