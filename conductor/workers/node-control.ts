import type { BootDevice, Logger, PowerState } from '../../core/index.js';
import type { NodeChanges, RamdiskPurpose, StepContext } from '../../drivers/interfaces/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { FAST_TRACK_OFF, fastTrackDecision, type FastTrackDecision, type FastTrackUse } from './fast-track.js';
import { recordHistory } from './history.js';
import type { NodeTask } from './node-task.js';
import { changePower, type PowerActionDeps } from './power-action.js';
import { applyChanges } from './steps/apply-changes.js';

/** The deps slice a step context needs: power changes, plus the fast-track setting when there is one. */
export type NodeControlDeps = PowerActionDeps & Partial<Pick<ConductorDeps, 'provisioning'>>;

/** Options of one step context. */
export interface NodeControlOptions {
  /** The successful end of a run: canKeepAgent may answer true (fast-track). Off for failures and aborts. */
  keepAgent?: boolean;
}

/**
 * The services a driver gets while the conductor holds the node (StepContext): power and boot device through
 * the node's own interfaces, the boot interface's ramdisk and instance preparation, saving node fields and the
 * fast-track decision, each recorded in the node's history like the API's own actions.
 */
export function nodeControl(deps: NodeControlDeps, task: NodeTask, signal: AbortSignal, log: Logger = task.log, options: NodeControlOptions = {}): StepContext {
  const ctx: StepContext = {
    log,
    signal,
    setPower: async (target) => { await changePower(deps, task, target, { signal }); },
    setBootDevice: async (device: BootDevice, persistent: boolean) => {
      await task.driver().management.setBootDevice(task.node, device, persistent, { log, signal });
      await recordHistory(deps, task.node, { eventType: 'management', event: `Boot device set to ${device}${persistent ? ' (persistent)' : ''}` });
    },
    prepareRamdisk: (purpose) => task.driver().boot.prepareRamdisk(task.node, purpose, ctx),
    cleanUpRamdisk: (purpose) => task.driver().boot.cleanUpRamdisk(task.node, purpose, ctx),
    prepareInstance: () => task.driver().boot.prepareInstance(task.node, ctx),
    save: async (changes: NodeChanges) => { await task.save(applyChanges(task.node, changes, deps.clock.now())); },
    node: () => task.node,
    reuseRunningAgent: (purpose) => reuseRunningAgent(deps, task, purpose, ctx),
    canKeepAgent: () => canKeepAgent(deps, task, options.keepAgent === true, ctx),
  };
  return ctx;
}

/** The decision with the power state as the BMC reports it now (Ironic's is_fast_track asks the power interface). */
async function fastTrackNow(deps: NodeControlDeps, task: NodeTask, use: FastTrackUse, ctx: StepContext): Promise<FastTrackDecision> {
  const settings = deps.provisioning?.fastTrack ?? FAST_TRACK_OFF;
  if (!settings.enabled) return fastTrackDecision(task.node, null, settings, deps.clock.now(), use);
  let power: PowerState | null;
  try {
    power = await task.driver().power.getPowerState(task.node, { log: ctx.log, signal: ctx.signal });
  } catch (error) {
    ctx.log.warn({ err: error }, 'fast-track: could not read the power state; taking the normal path');
    power = null;
  }
  return fastTrackDecision(task.node, power, settings, deps.clock.now(), use);
}

async function reuseRunningAgent(deps: NodeControlDeps, task: NodeTask, purpose: RamdiskPurpose, ctx: StepContext): Promise<boolean> {
  const decision = await fastTrackNow(deps, task, 'reuse', ctx);
  if (decision.reuse) {
    const event = `fast-track: reused the running agent for ${purpose} (last heartbeat ${String(decision.heartbeatAgeS)} s ago)`;
    ctx.log.info({ purpose, heartbeatAgeS: decision.heartbeatAgeS }, 'fast-track: reusing the running agent');
    await recordHistory(deps, task.node, { eventType: 'provisioning', event });
    return true;
  }
  // Enabled but not applicable: say why the node reboots into the ramdisk after all.
  if (deps.provisioning?.fastTrack?.enabled === true) {
    ctx.log.info({ purpose, reason: decision.reason }, 'fast-track: not used; booting a fresh ramdisk');
    await recordHistory(deps, task.node, { eventType: 'provisioning', event: `fast-track: not used for ${purpose} (${decision.reason}); booting a fresh ramdisk` });
  }
  return false;
}

async function canKeepAgent(deps: NodeControlDeps, task: NodeTask, succeeded: boolean, ctx: StepContext): Promise<boolean> {
  if (!succeeded || deps.provisioning?.fastTrack?.enabled !== true) return false;
  const decision = await fastTrackNow(deps, task, 'keep', ctx);
  if (!decision.reuse) {
    ctx.log.info({ reason: decision.reason }, 'fast-track: the ramdisk is not kept running');
    return false;
  }
  ctx.log.info({}, 'fast-track: the ramdisk keeps running for the next operation');
  await recordHistory(deps, task.node, { eventType: 'provisioning', event: 'fast-track: the agent ramdisk keeps running for the next operation (not powered off)' });
  return true;
}
