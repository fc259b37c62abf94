import { isoTimestamp, type ConductorRecord } from '../../core/index.js';
import type { ConductorDeps } from '../workers/index.js';
import { createHashRing } from './hash-ring.js';

/** The deps slice registration needs. */
export type RegistrationDeps = Pick<ConductorDeps, 'store' | 'drivers' | 'clock' | 'hostname' | 'conductorGroup' | 'log'>;

/** Registers this conductor (online, heartbeat now) with the hardware types it runs. */
export async function registerConductor(deps: RegistrationDeps): Promise<void> {
  await deps.store.conductors.register({
    hostname: deps.hostname, conductor_group: deps.conductorGroup, drivers: deps.drivers.hardwareTypes.map((t) => t.name),
  }, isoTimestamp(deps.clock.now()));
}

/** Refreshes this conductor's heartbeat (every heartbeat_interval). */
export async function heartbeatConductor(deps: RegistrationDeps): Promise<void> {
  await deps.store.conductors.heartbeat(deps.hostname, isoTimestamp(deps.clock.now()));
}

/** True when `conductor` heartbeated within `timeoutMs`. */
export function isAlive(conductor: ConductorRecord, nowMs: number, timeoutMs: number): boolean {
  return conductor.online && nowMs - Date.parse(conductor.updated_at) <= timeoutMs;
}

/** What one periodic run knows about the cluster. */
export interface ClusterView {
  alive: ConductorRecord[];
  /** Registered conductors that stopped heartbeating (or went offline), never this one. */
  dead: ConductorRecord[];
  /** True when this conductor owns `node` on the hash ring. */
  isMine(node: { uuid: string; driver: string; conductor_group: string }): boolean;
}

/**
 * Reads the conductors table once for a periodic run. This conductor always counts as alive, so a
 * single conductor owns everything even before its first heartbeat lands.
 */
export async function loadCluster(deps: RegistrationDeps, heartbeatTimeoutMs: number): Promise<ClusterView> {
  const now = deps.clock.now();
  const all = await deps.store.conductors.list();
  const self: ConductorRecord = {
    hostname: deps.hostname, conductor_group: deps.conductorGroup, drivers: deps.drivers.hardwareTypes.map((t) => t.name),
    online: true, created_at: isoTimestamp(now), updated_at: isoTimestamp(now),
  };
  const alive = [self, ...all.filter((c) => c.hostname !== deps.hostname && isAlive(c, now, heartbeatTimeoutMs))];
  const dead = all.filter((c) => c.hostname !== deps.hostname && !isAlive(c, now, heartbeatTimeoutMs));
  const ring = createHashRing(alive);
  return { alive, dead, isMine: (node) => ring.ownerOf(node) === deps.hostname };
}
