import type { Clock, Logger } from '../../core/index.js';
import type { DriverRegistry } from '../../drivers/index.js';
import type { Store } from '../persistence/index.js';
import type { FastTrackSettings } from './fast-track.js';
import type { TaskTracker } from './task-tracker.js';

/** Time limits of conductor operations ([conductor] options in Ironic; names carry units). */
export interface ConductorTimeouts {
  /** How long a power change may take to be confirmed by read-back (power_state_change_timeout 60 s). */
  powerStateChangeMs: number;
  /** Soft power off / soft reboot before giving up (soft_power_off_timeout 600 s). */
  softPowerOffMs: number;
  /** Pause between read-backs while confirming a power change. */
  powerPollIntervalMs: number;
  deployCallbackMs: number;
  cleanCallbackMs: number;
  inspectWaitMs: number;
  rescueCallbackMs: number;
  serviceCallbackMs: number;
  /** Attempts to reserve a locked node before NodeLocked (node_locked_retry_attempts 3). */
  nodeLockedRetryAttempts: number;
  /** Pause between those attempts (node_locked_retry_interval 1 s). */
  nodeLockedRetryIntervalMs: number;
}

/** Ironic's defaults (ironic.md §8). */
export const DEFAULT_TIMEOUTS: ConductorTimeouts = {
  powerStateChangeMs: 60_000, softPowerOffMs: 600_000, powerPollIntervalMs: 1_000,
  deployCallbackMs: 1_800_000, cleanCallbackMs: 1_800_000, inspectWaitMs: 1_800_000, rescueCallbackMs: 1_800_000,
  serviceCallbackMs: 1_800_000, nodeLockedRetryAttempts: 3, nodeLockedRetryIntervalMs: 1_000,
};

/** Caps on concurrent work; over them requests get 503 ConcurrentActionLimit, never a queue. */
export interface ConductorLimits {
  maxConcurrentDeploy: number;
  maxConcurrentClean: number;
  /** Background operations at once on this conductor (workers_pool_size); more get 503 NoFreeConductorWorker. */
  workersPoolSize: number;
}

/** Ironic's defaults: 250 deploys, 50 cleans, 300 workers. */
export const DEFAULT_LIMITS: ConductorLimits = { maxConcurrentDeploy: 250, maxConcurrentClean: 50, workersPoolSize: 300 };

/** Provisioning behaviour. */
export interface ProvisioningOptions {
  /** Clean on provide and after undeploy unless the node's automated_clean says otherwise ([conductor]automated_clean). */
  automatedClean: boolean;
  /** Reuse a running agent ramdisk between inspection, cleaning and deployment (agent.fastTrack); absent: off. */
  fastTrack?: FastTrackSettings | undefined;
}

/** Everything the conductor's use cases need, built once by main.ts; each worker picks its slice. */
export interface ConductorDeps {
  store: Store;
  drivers: DriverRegistry;
  clock: Clock;
  log: Logger;
  /** This conductor's name: reservations, history and the hash ring use it. */
  hostname: string;
  conductorGroup: string;
  timeouts: ConductorTimeouts;
  limits: ConductorLimits;
  provisioning: ProvisioningOptions;
  tasks: TaskTracker;
}
