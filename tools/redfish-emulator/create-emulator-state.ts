import { syncSettingsEtag } from './apply-on-reset.js';
import type { EmulatorState } from './emulator-state.js';
import { isJsonObject, objectAt, stringAt, type JsonObject } from './json-object.js';
import type { MachineBackend } from './machine-backend.js';
import type { Mockup } from './mockup.js';
import { createResourceStore, type ResourceStore } from './resource-store.js';
import { findSystem, resourceType, systemKeys } from './resource-roles.js';
import type { VendorSwitches } from './vendor-switches.js';

/** Builds the state of one emulator over a private copy of `mockup`. */
export function createEmulatorState(options: {
  mockup: Mockup;
  switches: VendorSwitches;
  credentials: { username: string; password: string };
  machine?: (store: ResourceStore) => MachineBackend;
}): EmulatorState {
  const { switches } = options;
  const store = createResourceStore(options.mockup, {
    caseInsensitive: () => switches.caseInsensitivePaths,
    weakEtags: () => switches.weakEtags,
  });
  const state: EmulatorState = {
    store,
    switches,
    credentials: options.credentials,
    sessions: new Map(),
    events: [],
    machine: options.machine?.(store),
    runtime: {
      timers: new Set(),
      biosDefaults: new Map(),
      biosResetPending: new Set(),
      pendingOnReset: [],
      taskMonitors: new Map(),
      nextId: 0,
    },
    systems: () => systemKeys(store),
    getPowerState: (system) => stringAt(store.get(findSystem(store, system) ?? ''), 'PowerState'),
    setPowerState(powerState, system) {
      const key = findSystem(store, system);
      if (key !== undefined) store.update(key, (body) => void (body.PowerState = powerState));
    },
    forceBusy(count, style) {
      switches.busy.remaining = count;
      if (style !== undefined) switches.busy.style = style;
    },
    resource(path) {
      const key = store.resolve(path);
      const body = key === undefined ? undefined : store.get(key);
      return body === undefined ? undefined : structuredClone(body);
    },
  };
  for (const key of store.keys()) {
    if (resourceType(store, key) !== 'Bios') continue;
    const defaults = registryDefaults(store, key) ?? objectAt(store.get(key), 'Attributes');
    if (defaults !== undefined) state.runtime.biosDefaults.set(key, structuredClone(defaults));
    syncSettingsEtag(state, key);
  }
  return state;
}

/**
 * BIOS defaults from the attribute registry the Bios names (`AttributeRegistry` -> a resource whose `Id` matches,
 * with `RegistryEntries.Attributes[].DefaultValue`), limited to the attributes the Bios reports.
 */
function registryDefaults(store: ResourceStore, biosKey: string): JsonObject | undefined {
  const bios = store.get(biosKey);
  const name = stringAt(bios, 'AttributeRegistry');
  const current = objectAt(bios, 'Attributes');
  if (name === undefined || current === undefined) return undefined;
  const registry = store
    .keys()
    .map((key) => store.get(key))
    .find((body) => stringAt(body, 'Id') === name && objectAt(body, 'RegistryEntries') !== undefined);
  const entries = objectAt(registry, 'RegistryEntries')?.Attributes;
  if (!Array.isArray(entries)) return undefined;
  const defaults: JsonObject = structuredClone(current);
  for (const entry of entries) {
    if (!isJsonObject(entry)) continue;
    const attribute = stringAt(entry, 'AttributeName');
    const value = entry.DefaultValue;
    if (attribute !== undefined && attribute in defaults && value !== undefined) defaults[attribute] = value;
  }
  return defaults;
}
