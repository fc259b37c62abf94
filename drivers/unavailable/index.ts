import type { Implementations } from '../interfaces/index.js';
import { unavailableDeploy, unavailableInspect, unavailableRaid, unavailableRescue } from './unavailable-interfaces.js';

export { unavailableDeploy, unavailableInspect, unavailableRaid, unavailableRescue } from './unavailable-interfaces.js';

/** Stand-ins for the agent implementations Ironic's ipmi and redfish types default to. */
export function createUnavailableImplementations(): Implementations {
  const each = <T>(names: readonly string[], make: (name: string) => T): Record<string, T> =>
    Object.fromEntries(names.map((n) => [n, make(n)]));
  return {
    deploy: each(['direct', 'ramdisk', 'custom-agent'], unavailableDeploy),
    inspect: each(['agent'], unavailableInspect),
    raid: each(['agent'], unavailableRaid),
    rescue: each(['agent'], unavailableRescue),
  };
}
