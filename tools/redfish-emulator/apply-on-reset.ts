import { recordEvent, type EmulatorState } from './emulator-state.js';
import { isJsonObject, objectAt, stringAt, type JsonObject } from './json-object.js';
import { baseRegistryMessage } from './redfish-error.js';
import { isUnder } from './odata-path.js';
import { resourceType, settingsObjectOf } from './resource-roles.js';
import { mergeInto } from './validate-patch.js';

/** Properties of a settings object that describe it rather than hold a future value. */
const DESCRIPTIVE = new Set(['Id', 'Name', 'Description', 'Actions', 'Links', 'Oem', 'AttributeRegistry']);

/**
 * Work a system does while it (re)boots: a pending Bios.ResetBios, then every settings object of the system is
 * applied to its owner (DSP0266 §9.9: settings apply "OnReset"), then operations queued with
 * `@Redfish.OperationApplyTime: OnReset`, and SecureBootCurrentBoot follows SecureBootEnable.
 */
export function applyOnReset(state: EmulatorState, systemKey: string): void {
  const { store } = state;
  const systemLower = systemKey.toLowerCase();
  for (const key of store.keys()) {
    // Only the system's own subtree resets with it (iLO links are lower case); a Manager's settings do not.
    if (!isUnder(key.toLowerCase(), systemLower)) continue;
    if (state.runtime.biosResetPending.delete(key)) resetBiosAttributes(state, key);
    const settingsKey = settingsObjectOf(store, key);
    if (settingsKey !== undefined) applySettings(state, key, settingsKey);
    if (resourceType(store, key) === 'SecureBoot') followSecureBootEnable(state, key);
  }
  const due = state.runtime.pendingOnReset.filter(
    (operation) => operation.systemPath === undefined || operation.systemPath === systemKey,
  );
  state.runtime.pendingOnReset.splice(
    0,
    state.runtime.pendingOnReset.length,
    ...state.runtime.pendingOnReset.filter((operation) => !due.includes(operation)),
  );
  for (const operation of due) operation.run();
}

/** Applies one settings object to its owner now (on reset, or at once for ApplyTime `Immediate`). */
export function applySettings(state: EmulatorState, ownerKey: string, settingsKey: string): void {
  const { store } = state;
  const settings = store.get(settingsKey);
  if (settings === undefined) return;
  const changes = futureValues(settings);
  if (Object.keys(changes).length === 0) return;
  store.update(ownerKey, (owner) => {
    mergeInto(owner, changes);
    const annotation = objectAt(owner, '@Redfish.Settings');
    if (annotation !== undefined) {
      annotation.Time = new Date().toISOString();
      annotation.Messages = [baseRegistryMessage('Success')];
    }
  });
  // Applied values are no longer pending (iDRAC and bmcweb empty the settings object the same way).
  store.update(settingsKey, (body) => {
    for (const key of Object.keys(changes)) {
      if (key === 'Attributes') body.Attributes = {};
      else delete body[key];
    }
  });
  syncSettingsEtag(state, ownerKey);
  recordEvent(state, { kind: 'settings-applied', target: ownerKey, detail: JSON.stringify(changes) });
}

function futureValues(settings: JsonObject): JsonObject {
  const changes: JsonObject = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key.includes('@') || DESCRIPTIVE.has(key)) continue;
    if (key === 'Attributes' && isJsonObject(value) && Object.keys(value).length === 0) continue;
    changes[key] = value;
  }
  return changes;
}

/** Bios.ResetBios (Bios v1_0): attributes go back to their defaults; pending settings are dropped. */
function resetBiosAttributes(state: EmulatorState, biosKey: string): void {
  const defaults = state.runtime.biosDefaults.get(biosKey);
  state.store.update(biosKey, (bios) => {
    if (defaults !== undefined) bios.Attributes = structuredClone(defaults);
    if ('ResetBiosToDefaultsPending' in bios) bios.ResetBiosToDefaultsPending = false;
  });
  const settingsKey = settingsObjectOf(state.store, biosKey);
  if (settingsKey !== undefined) state.store.update(settingsKey, (body) => void (body.Attributes = {}));
  syncSettingsEtag(state, biosKey);
  recordEvent(state, { kind: 'bios-reset', target: biosKey });
}

function followSecureBootEnable(state: EmulatorState, key: string): void {
  state.store.update(key, (body) => {
    if (typeof body.SecureBootEnable === 'boolean' && 'SecureBootCurrentBoot' in body) {
      body.SecureBootCurrentBoot = body.SecureBootEnable ? 'Enabled' : 'Disabled';
    }
  });
}

/**
 * Keeps `@Redfish.Settings.ETag` equal to the settings object's current ETag. sushy sends that annotation as
 * If-Match when it PATCHes the settings object (redfish.md §2.3), so it must match.
 */
export function syncSettingsEtag(state: EmulatorState, ownerKey: string): void {
  const settingsKey = settingsObjectOf(state.store, ownerKey);
  const annotation = objectAt(state.store.get(ownerKey), '@Redfish.Settings');
  if (settingsKey === undefined || annotation === undefined || stringAt(annotation, 'ETag') === undefined) return;
  const etag = state.store.etag(settingsKey);
  if (etag === undefined || annotation.ETag === etag) return;
  state.store.update(ownerKey, (owner) => {
    const inner = objectAt(owner, '@Redfish.Settings');
    if (inner !== undefined) inner.ETag = etag;
  });
}
