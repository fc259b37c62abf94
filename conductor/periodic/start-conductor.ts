import type { ConductorDeps } from '../workers/index.js';
import { heartbeatConductor, loadCluster, registerConductor } from './conductor-registration.js';
import { checkCallbackTimeouts } from './callback-timeouts.js';
import { cleanUpHistory } from './history-cleanup.js';
import { takeOverOrphans } from './orphans.js';
import { DEFAULT_PERIODIC_CONFIG, type PeriodicConfig } from './periodic-config.js';
import { startPeriodic, type PeriodicTimer } from './periodic-timer.js';
import { recoverPowerFailures, syncPowerStates, type PowerRecoverySummary, type PowerSyncFailures, type PowerSyncSummary } from './power-sync.js';
import { recoverOnStart, type RecoveryReport } from './recovery.js';

/** A started conductor: what start-up recovery did, and how to stop. */
export interface RunningConductor {
  recovery: RecoveryReport;
  /**
   * Stops the periodic tasks, lets running operations finish for gracefulShutdownMs (then aborts them),
   * releases this host's reservations and marks the conductor offline.
   */
  stop(): Promise<void>;
}

/** Callbacks main.ts may pass to turn periodic results into metrics (Prometheus gauges). */
export interface ConductorObservers {
  /** Called at the end of every power-state sync pass. */
  powerSync?: (summary: PowerSyncSummary) => void;
  /** Called at the end of every power-failure recovery pass. */
  powerRecovery?: (summary: PowerRecoverySummary) => void;
}

/**
 * Starts the conductor side (main.ts calls it after building deps): releases what a previous run of this
 * hostname left, registers, fails stuck nodes, then runs heartbeat, power sync, power-failure recovery,
 * callback timeouts and orphan takeover, each over the nodes the hash ring gives this conductor.
 */
export async function startConductor(deps: ConductorDeps, config: Partial<PeriodicConfig> = {}, observers: ConductorObservers = {}): Promise<RunningConductor> {
  const cfg: PeriodicConfig = { ...DEFAULT_PERIODIC_CONFIG, ...config };
  const cluster = () => loadCluster(deps, cfg.heartbeatTimeoutMs);
  await registerConductor(deps);
  const recovery = await recoverOnStart(deps, await cluster());
  const controller = new AbortController();
  const env = { clock: deps.clock, log: deps.log, signal: controller.signal };
  const failures: PowerSyncFailures = new Map();
  const timers: PeriodicTimer[] = [
    startPeriodic('conductor heartbeat', cfg.heartbeatIntervalMs, () => heartbeatConductor(deps), env),
    startPeriodic('orphan takeover', cfg.checkProvisionStateIntervalMs, async (s) => { await takeOverOrphans(deps, await cluster(), s); }, env),
    startPeriodic('callback timeouts', cfg.checkProvisionStateIntervalMs, async (s) => checkCallbackTimeouts(deps, await cluster(), s), env),
  ];
  if (cfg.powerSyncIntervalMs > 0) {
    timers.push(startPeriodic('power sync', cfg.powerSyncIntervalMs, async (s) => {
      const summary = await syncPowerStates(deps, await cluster(), failures, cfg, s);
      deps.log.info({ task: 'power sync', workers: cfg.powerSyncWorkers, ...summary }, 'power sync finished');
      observers.powerSync?.(summary);
    }, env));
    timers.push(startPeriodic('power failure recovery', cfg.powerFailureRecoveryIntervalMs, async (s) => {
      const summary = await recoverPowerFailures(deps, await cluster(), cfg.powerSyncWorkers, s);
      // Quiet when there is nothing in power-failure maintenance: that is the usual case, every 5 minutes.
      if (summary.checked > 0) deps.log.info({ task: 'power failure recovery', ...summary }, 'power failure recovery finished');
      observers.powerRecovery?.(summary);
    }, env));
  }
  if (cfg.historyCleanupIntervalMs > 0 && cfg.historyMaxEntries > 0) {
    timers.push(startPeriodic('history cleanup', cfg.historyCleanupIntervalMs,
      async (s) => { await cleanUpHistory(deps, await cluster(), cfg.historyMaxEntries, s); }, env));
  }
  deps.log.info({ hostname: deps.hostname, group: deps.conductorGroup, recovered: recovery.failed.length }, 'conductor started');
  return {
    recovery,
    async stop() {
      controller.abort();
      await Promise.all(timers.map((t) => t.done));
      await deps.tasks.shutdown(cfg.gracefulShutdownMs, (ms, signal) => deps.clock.sleep(ms, signal));
      await deps.store.nodes.releaseAll(deps.hostname);
      await deps.store.conductors.unregister(deps.hostname);
      deps.log.info({ hostname: deps.hostname }, 'conductor stopped');
    },
  };
}
