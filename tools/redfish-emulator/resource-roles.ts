import { typeName } from './complete-mockup.js';
import { isJsonObject, linkAt, linksAt, objectAt, stringAt, type JsonObject } from './json-object.js';
import { isUnder, normalizePath, SERVICE_ROOT } from './odata-path.js';
import type { ResourceStore } from './resource-store.js';

/** The type name of the resource at a store key (`ComputerSystem`, `VolumeCollection`…). */
export function resourceType(store: ResourceStore, key: string): string | undefined {
  const body = store.get(key);
  return body === undefined ? undefined : typeName(body);
}

/**
 * The resource whose `@Redfish.Settings.SettingsObject` names `key` (DSP0266 §9.9 "Settings resource"): PATCHes
 * to a settings object take effect on that owner at the next reset.
 */
export function settingsOwner(store: ResourceStore, key: string): string | undefined {
  return store.keys().find((candidate) => {
    const link = linkAt(objectAt(store.get(candidate), '@Redfish.Settings'), 'SettingsObject');
    return link !== undefined && store.resolve(link) === key && candidate !== key;
  });
}

/** The settings object key of a resource, when it has one that exists. */
export function settingsObjectOf(store: ResourceStore, key: string): string | undefined {
  const link = linkAt(objectAt(store.get(key), '@Redfish.Settings'), 'SettingsObject');
  return link === undefined ? undefined : store.resolve(link);
}

/** An action found by its target URI. */
export interface ActionRef {
  readonly owner: string;
  /** `ComputerSystem.Reset`, `VirtualMedia.InsertMedia`, `Contoso.Reset` (no `#`). */
  readonly name: string;
  readonly action: JsonObject;
}

/**
 * The action whose `target` is `path`. DSP0266 §7.10 (POST action): clients POST to `Actions[...].target`,
 * which is not derivable from the action name, so the emulator looks the target up instead of routing by name.
 */
export function findAction(store: ResourceStore, path: string, caseInsensitive: boolean): ActionRef | undefined {
  const wanted = caseInsensitive ? path.toLowerCase() : path;
  for (const owner of store.keys()) {
    const actions = objectAt(store.get(owner), 'Actions');
    const found =
      actionIn(actions, wanted, caseInsensitive) ?? actionIn(objectAt(actions, 'Oem'), wanted, caseInsensitive);
    if (found !== undefined) return { owner, ...found };
  }
  return undefined;
}

function actionIn(
  actions: JsonObject | undefined,
  wanted: string,
  caseInsensitive: boolean,
): { name: string; action: JsonObject } | undefined {
  for (const [name, action] of Object.entries(actions ?? {})) {
    const target = isJsonObject(action) ? stringAt(action, 'target') : undefined;
    if (target === undefined || !isJsonObject(action)) continue;
    const normalized = normalizePath(target);
    if ((caseInsensitive ? normalized.toLowerCase() : normalized) === wanted)
      return { name: name.replace(/^#/, ''), action };
  }
  return undefined;
}

/** The ComputerSystem keys listed by the service root's Systems collection. */
export function systemKeys(store: ResourceStore): string[] {
  const collection = linkAt(store.get(SERVICE_ROOT), 'Systems');
  const key = collection === undefined ? undefined : store.resolve(collection);
  if (key === undefined) return [];
  return linksAt(store.get(key), 'Members').flatMap((member) => {
    const resolved = store.resolve(member);
    return resolved !== undefined && resourceType(store, resolved) === 'ComputerSystem' ? [resolved] : [];
  });
}

/**
 * The system a resource belongs to: the system whose URI it lies under (Bios, Storage, VirtualMedia under
 * Systems), else the only system, else undefined (a Manager's VirtualMedia on a multi-system enclosure).
 */
export function owningSystem(store: ResourceStore, key: string): string | undefined {
  const systems = systemKeys(store);
  const lower = key.toLowerCase();
  return (
    systems.find((system) => isUnder(lower, system.toLowerCase())) ?? (systems.length === 1 ? systems[0] : undefined)
  );
}

/** Finds a system by Id, by URI, or the first one when `system` is undefined. */
export function findSystem(store: ResourceStore, system?: string): string | undefined {
  const systems = systemKeys(store);
  if (system === undefined) return systems[0];
  return systems.find(
    (key) => key === normalizePath(system) || stringAt(store.get(key), 'Id') === system || key.endsWith(`/${system}`),
  );
}
