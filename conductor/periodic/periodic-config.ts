/** Intervals and bounds of the conductor's periodic tasks ([conductor] options in Ironic). */
export interface PeriodicConfig {
  /** sync_power_state_interval (60 s in 21.4, 120 s in master); 0 disables. */
  powerSyncIntervalMs: number;
  /** sync_power_state_workers: BMCs asked at once. */
  powerSyncWorkers: number;
  /** power_state_sync_max_retries: failed syncs tolerated before maintenance with fault 'power failure'. */
  powerSyncMaxRetries: number;
  /** force_power_state_during_sync: push the recorded state to the hardware on a mismatch (else record the hardware's). */
  forcePowerStateDuringSync: boolean;
  /** power_failure_recovery_interval. */
  powerFailureRecoveryIntervalMs: number;
  /** check_provision_state_interval: callback timeouts and orphan checks. */
  checkProvisionStateIntervalMs: number;
  /** heartbeat_interval. */
  heartbeatIntervalMs: number;
  /** heartbeat_timeout: a conductor silent this long is dead. */
  heartbeatTimeoutMs: number;
  /** graceful_shutdown_timeout: how long stop() lets running work finish before aborting it. */
  gracefulShutdownMs: number;
  /** node_history_max_entries: events kept per node (0 keeps everything). */
  historyMaxEntries: number;
  /** node_history_cleanup_interval; 0 disables. */
  historyCleanupIntervalMs: number;
}

/** Ironic's defaults (ironic.md §3.4, §3.5, §7.1). */
export const DEFAULT_PERIODIC_CONFIG: PeriodicConfig = {
  powerSyncIntervalMs: 60_000, powerSyncWorkers: 8, powerSyncMaxRetries: 3, forcePowerStateDuringSync: true,
  powerFailureRecoveryIntervalMs: 300_000, checkProvisionStateIntervalMs: 60_000, heartbeatIntervalMs: 10_000,
  heartbeatTimeoutMs: 60_000, gracefulShutdownMs: 60_000, historyMaxEntries: 300, historyCleanupIntervalMs: 86_400_000,
};
