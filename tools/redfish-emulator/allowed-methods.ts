import type { EmulatorState } from './emulator-state.js';
import { writableProperties, type PropertyRules } from './patch-rules.js';
import { resourceType, settingsObjectOf, settingsOwner } from './resource-roles.js';

/** The PATCH rules that apply to a resource, and the resource its values are checked against. */
export interface PatchTarget {
  readonly rules: PropertyRules;
  /** The settings object's owner, whose current values bound the PATCH; the resource itself otherwise. */
  readonly validateAgainst: string;
  readonly isSettingsObject: boolean;
}

/**
 * How a PATCH to `key` is judged, or undefined when the resource is read-only. A Bios with a settings object is
 * read-only itself (DSP0266 §9.9: changes go to the SettingsObject); its settings object takes the Bios rules.
 */
export function patchTarget(state: EmulatorState, key: string): PatchTarget | undefined {
  const { store } = state;
  const owner = settingsOwner(store, key);
  if (owner !== undefined) {
    const rules = writableProperties[resourceType(store, owner) ?? ''];
    return rules === undefined ? undefined : { rules, validateAgainst: owner, isSettingsObject: true };
  }
  const type = resourceType(store, key) ?? '';
  const rules = writableProperties[type];
  if (rules === undefined || (type === 'Bios' && settingsObjectOf(store, key) !== undefined)) return undefined;
  return { rules, validateAgainst: key, isSettingsObject: false };
}

/** The `Allow` header value for a resource (DSP0266 §8.2 "Allow": the methods the resource supports). */
export function allowedMethods(state: EmulatorState, key: string): string[] {
  const type = resourceType(state.store, key);
  const methods = ['GET', 'HEAD'];
  if (patchTarget(state, key) !== undefined) methods.push('PATCH');
  if (type === 'SessionCollection' || type === 'VolumeCollection') methods.push('POST');
  if (type === 'Session' || type === 'Volume') methods.push('DELETE');
  return methods;
}
