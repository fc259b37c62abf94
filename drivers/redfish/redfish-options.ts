import type { Clock } from '../../core/index.js';

/**
 * Timeouts and limits of the Redfish adapters. Defaults follow Ironic and sushy (ironic/conf/redfish.py,
 * sushy/connector.py): 30 s connect, 60 s read, 3 tries on transport errors 2 s apart.
 */
export interface RedfishOptions {
  clock: Clock;
  /** Bound of one HTTP request, connect to last byte (Ironic `read_timeout` 60 s); driver_info redfish_timeout overrides it. */
  requestTimeoutMs?: number;
  /** Bound of the TCP and TLS connect (Ironic `connect_timeout` 30 s). */
  connectTimeoutMs?: number;
  /** Tries of an idempotent request that failed in transport (sushy: `server_side_retries` or 3). */
  transportAttempts?: number;
  /** Tries of a request the BMC answered "busy" (redfish.md §2.2); iDRAC 5.x needs about 20 s between operations. */
  busyAttempts?: number;
  /** Pause between tries when the BMC sends no Retry-After (sushy: 2 s). */
  retryDelayMs?: number;
  /** Cap on a BMC's Retry-After, so a bogus header cannot stall a worker. */
  maxRetryAfterMs?: number;
  /** How long to wait for PowerState to reach a requested state (Ironic `power_state_change_timeout` 60 s). */
  powerWaitMs?: number;
  /** Pause between PowerState reads while waiting. */
  powerPollMs?: number;
  /** Bound of a task monitor wait (firmware updates are slow: 30 min). */
  taskTimeoutMs?: number;
  /** Poll interval of a task monitor without Retry-After (sushy: 1 s). */
  taskPollMs?: number;
  /** How long to wait for BIOS settings to read back after the reboot that applies them. */
  settingsApplyWaitMs?: number;
  /** Connections kept per BMC: BMCs have tiny HTTP servers. */
  connectionsPerBmc?: number;
  /** Largest response body accepted; bigger bodies are a BMC bug, not data. */
  maxBodyBytes?: number;
}

/** Options with every default filled in. */
export type ResolvedRedfishOptions = Required<RedfishOptions>;

/** Fills in the defaults. */
export function resolveRedfishOptions(options: RedfishOptions): ResolvedRedfishOptions {
  return {
    requestTimeoutMs: 60_000,
    connectTimeoutMs: 30_000,
    transportAttempts: 3,
    busyAttempts: 6,
    retryDelayMs: 2_000,
    maxRetryAfterMs: 60_000,
    powerWaitMs: 60_000,
    powerPollMs: 1_000,
    taskTimeoutMs: 30 * 60_000,
    taskPollMs: 1_000,
    settingsApplyWaitMs: 10 * 60_000,
    connectionsPerBmc: 2,
    maxBodyBytes: 16 * 1024 * 1024,
    ...options,
  };
}
