import { linkAt, linksAt, type JsonObject } from './json-object.js';
import type { Mockup } from './mockup.js';
import { normalizePath, SERVICE_ROOT } from './odata-path.js';
import { typeName } from './complete-mockup.js';

/** Whether a mockup describes at least one usable ComputerSystem, and why not when it does not. */
export interface MockupAssessment {
  readonly usable: boolean;
  /** URIs of the ComputerSystems reachable from the service root. */
  readonly systems: readonly string[];
  readonly reason?: string;
}

/**
 * A usable system is what a provisioning client needs first: a service root linking a `Systems` collection whose
 * members exist and are ComputerSystems (DSP0268 ServiceRoot.Systems, ComputerSystemCollection.Members). Links are
 * followed case-insensitively, because iLO fixtures link in lower case.
 */
export function assessMockup(mockup: Mockup): MockupAssessment {
  const lookup = (path: string): JsonObject | undefined => {
    const wanted = normalizePath(path).toLowerCase();
    for (const [key, entry] of mockup.resources) {
      if (key.toLowerCase() === wanted && entry.kind === 'json') return entry.body;
    }
    return undefined;
  };
  const root = lookup(SERVICE_ROOT);
  if (root === undefined) return { usable: false, systems: [], reason: 'no service root (/redfish/v1)' };
  const systemsPath = linkAt(root, 'Systems');
  if (systemsPath === undefined)
    return { usable: false, systems: [], reason: 'the service root links no Systems collection' };
  const collection = lookup(systemsPath);
  if (collection === undefined)
    return { usable: false, systems: [], reason: `no Systems collection at ${systemsPath}` };
  const systems = linksAt(collection, 'Members').filter((member) => {
    const body = lookup(member);
    return body !== undefined && typeName(body) === 'ComputerSystem';
  });
  if (systems.length === 0)
    return { usable: false, systems: [], reason: 'no Systems member is present as a ComputerSystem' };
  return { usable: true, systems: systems.map(normalizePath) };
}
