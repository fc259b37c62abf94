import type { ConductorDeps } from './conductor-deps.js';
import type { DriverInfo } from './node-actions.js';

/** Conductors whose last heartbeat is older than this are not listed as hosts ([conductor]heartbeat_timeout). */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 60_000;

/**
 * GET /v1/drivers: the hardware types enabled here, with the hosts of alive conductors that registered
 * them, their enabled interfaces (default first) and driver_info properties.
 */
export async function listDrivers(deps: Pick<ConductorDeps, 'store' | 'drivers' | 'clock'>, heartbeatTimeoutMs = DEFAULT_HEARTBEAT_TIMEOUT_MS): Promise<DriverInfo[]> {
  const now = deps.clock.now();
  const alive = (await deps.store.conductors.list())
    .filter((c) => c.online && now - Date.parse(c.updated_at) <= heartbeatTimeoutMs);
  return deps.drivers.hardwareTypes.map((type) => ({
    name: type.name,
    hosts: alive.filter((c) => c.drivers.includes(type.name)).map((c) => c.hostname).sort(),
    interfaces: Object.fromEntries(Object.entries(type.interfaces).map(([k, v]) => [k, [...v]])),
    properties: { ...type.properties },
  }));
}
