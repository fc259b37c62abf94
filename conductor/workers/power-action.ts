import {
  FAILURE_STATES, PowerStateFailure, PowerTarget, finalPowerState, isoTimestamp, type NodeRecord, type PowerState,
} from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { errorMessage, recordHistory } from './history.js';
import type { NodeTask } from './node-task.js';
import { waitFor } from './wait-for.js';

/** The deps slice power changes need. */
export type PowerActionDeps = Pick<ConductorDeps, 'store' | 'clock' | 'hostname' | 'log' | 'timeouts'>;

/** Options of one power change. */
export interface PowerActionOptions {
  /** Caller's limit (API `timeout`, 1.27); else the soft or hard power timeout. */
  timeoutMs?: number | undefined;
  signal: AbortSignal;
  user?: string | null | undefined;
}

/**
 * Ironic's node_power_action: skip when already there, set target_power_state, act, then verify by
 * reading back until the BMC agrees or the timeout passes, record power_state and history.
 * On failure clears the target, sets last_error and throws PowerStateFailure.
 */
export async function changePower(deps: PowerActionDeps, task: NodeTask, target: PowerTarget, options: PowerActionOptions): Promise<NodeRecord> {
  const power = task.driver().power;
  const ctx = { log: task.log, signal: options.signal };
  const final = finalPowerState(target);
  try {
    if (await alreadyThere(deps, task, target, final, ctx)) return task.node;
    await task.save({
      // Ironic stores the final state as the target, also for reboots.
      target_power_state: final === 'power on' ? PowerTarget.On : PowerTarget.Off,
      ...(FAILURE_STATES.has(task.node.provision_state) ? {} : { last_error: null }),
      driver_internal_info: { ...task.node.driver_internal_info, last_power_state_change: isoTimestamp(deps.clock.now()) },
    });
    const soft = target === PowerTarget.SoftOff || target === PowerTarget.SoftRebooting;
    const timeoutMs = options.timeoutMs ?? (soft ? deps.timeouts.softPowerOffMs : deps.timeouts.powerStateChangeMs);
    await power.setPowerState(task.node, target, options.timeoutMs, ctx);
    const agreed = await waitFor(deps.clock, async () => (await power.getPowerState(task.node, ctx)) === final,
      { timeoutMs, intervalMs: deps.timeouts.powerPollIntervalMs, signal: options.signal });
    if (!agreed) throw new PowerStateFailure(`Failed to set node power state to ${final}: the BMC did not report it within ${timeoutMs / 1000} s.`);
  } catch (error) {
    const message = `Failed to change power state to '${final}' by '${target}': ${errorMessage(error)}`;
    await task.save({ target_power_state: null, last_error: message });
    await recordHistory(deps, task.node, { eventType: 'power', event: message, severity: 'ERROR', user: options.user });
    task.log.error({ target, error: errorMessage(error) }, 'power change failed');
    throw new PowerStateFailure(message, { cause: error });
  }
  const before = task.node.power_state;
  await task.save({ power_state: final, target_power_state: null });
  task.log.info({ from: before, to: final, target }, 'power state changed');
  await recordHistory(deps, task.node, { eventType: 'power', event: `${before ?? 'None'} -> ${final} (${target})`, user: options.user });
  return task.node;
}

async function alreadyThere(deps: PowerActionDeps, task: NodeTask, target: PowerTarget, final: PowerState,
  ctx: { log: NodeTask['log']; signal: AbortSignal }): Promise<boolean> {
  // Reboots always act; plain on/off skip when the BMC already agrees (Ironic's _can_skip_state_change).
  if (target !== PowerTarget.On && target !== PowerTarget.Off && target !== PowerTarget.SoftOff) return false;
  const current = await task.driver().power.getPowerState(task.node, ctx);
  if (current !== final) return false;
  await task.save({ power_state: current, target_power_state: null, last_error: null });
  deps.log.debug({ node: task.node.uuid, state: current }, 'power state already as requested');
  return true;
}
