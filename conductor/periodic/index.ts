export { startConductor, type RunningConductor } from './start-conductor.js';
export { DEFAULT_PERIODIC_CONFIG, type PeriodicConfig } from './periodic-config.js';
export { recoverOnStart, type RecoveryReport } from './recovery.js';
export { syncPowerStates, recoverPowerFailures, isSyncCandidate, type PowerSyncFailures, type PowerSyncConfig } from './power-sync.js';
export { checkCallbackTimeouts, heartbeatDetail } from './callback-timeouts.js';
export { takeOverOrphans } from './orphans.js';
export { createHashRing, type HashRing } from './hash-ring.js';
export { loadCluster, registerConductor, heartbeatConductor, isAlive, type ClusterView } from './conductor-registration.js';
export { startPeriodic, type PeriodicTimer } from './periodic-timer.js';
