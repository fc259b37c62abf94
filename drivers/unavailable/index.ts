import type { Implementations } from '../interfaces/index.js';
import { unavailableDeploy, unavailableRescue } from './unavailable-interfaces.js';

export { unavailableDeploy, unavailableRescue } from './unavailable-interfaces.js';

/**
 * Stand-ins for interfaces Ironic's generic hardware types list that Ferro has not built: the `ramdisk` and
 * `custom-agent` deploy interfaces and rescue through the agent. (`direct`, `agent` inspect and `agent` RAID
 * live in drivers/agent.)
 */
export function createUnavailableImplementations(): Implementations {
  const each = <T>(names: readonly string[], make: (name: string) => T): Record<string, T> =>
    Object.fromEntries(names.map((n) => [n, make(n)]));
  return {
    deploy: each(['ramdisk', 'custom-agent'], unavailableDeploy),
    rescue: each(['agent'], unavailableRescue),
  };
}
