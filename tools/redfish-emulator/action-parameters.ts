import { isJsonObject, stringAt, stringsAt, type JsonObject } from './json-object.js';
import { baseRegistryMessage, RedfishError, type RedfishMessage } from './redfish-error.js';
import type { ActionRef } from './resource-roles.js';
import type { ResourceStore } from './resource-store.js';
import { display } from './validate-patch.js';

/** What an action parameter accepts (from the action's schema). */
export interface ParameterSpec {
  readonly type: 'string' | 'boolean' | 'integer' | 'strings';
  readonly required?: boolean;
  /** The schema's enumeration; the resource may narrow it with AllowableValues. */
  readonly values?: readonly string[];
}

/**
 * Allowed values of an action parameter: `<Param>@Redfish.AllowableValues` in the action, else
 * `Parameters[].AllowableValues` of its `@Redfish.ActionInfo` (DSP0266 §9.7.1; OpenBMC and AMI only use ActionInfo).
 */
export function allowableValues(store: ResourceStore, action: JsonObject, parameter: string): string[] | undefined {
  const inline = stringsAt(action, `${parameter}@Redfish.AllowableValues`);
  if (inline !== undefined) return inline;
  return stringsAt(actionInfoParameter(store, action, parameter), 'AllowableValues');
}

function actionInfoParameters(store: ResourceStore, action: JsonObject): JsonObject[] | undefined {
  const link = stringAt(action, '@Redfish.ActionInfo');
  const key = link === undefined ? undefined : store.resolve(link);
  const parameters = key === undefined ? undefined : store.get(key)?.Parameters;
  return Array.isArray(parameters) ? parameters.filter(isJsonObject) : undefined;
}

function actionInfoParameter(store: ResourceStore, action: JsonObject, parameter: string): JsonObject | undefined {
  return actionInfoParameters(store, action)?.find((entry) => entry.Name === parameter);
}

/**
 * Validates an action body against the parameters the action accepts, throwing one 400 that lists every
 * problem: unknown (ActionParameterUnknown), missing (ActionParameterMissing), wrong type
 * (ActionParameterValueTypeError) and outside the allowed values (ActionParameterValueNotInList).
 * With `specs` undefined (an action the emulator does not model) only AllowableValues and ActionInfo apply.
 */
export function checkActionParameters(
  store: ResourceStore,
  ref: ActionRef,
  body: JsonObject,
  specs?: Readonly<Record<string, ParameterSpec>>,
): void {
  const messages: RedfishMessage[] = [];
  const info = actionInfoParameters(store, ref.action);
  for (const [name, value] of Object.entries(body)) {
    if (name.includes('@')) continue;
    const spec = specs?.[name];
    const declared = info?.some((entry) => entry.Name === name) ?? false;
    if (specs !== undefined && spec === undefined && !declared) {
      messages.push(baseRegistryMessage('ActionParameterUnknown', [ref.name, name]));
      continue;
    }
    if (spec !== undefined && !hasType(value, spec.type)) {
      messages.push(baseRegistryMessage('ActionParameterValueTypeError', [display(value), name, ref.name]));
      continue;
    }
    const allowed = allowableValues(store, ref.action, name) ?? spec?.values;
    const outOfList =
      typeof value === 'string' &&
      allowed !== undefined &&
      (!allowed.includes(value) || spec?.values?.includes(value) === false);
    if (outOfList) messages.push(baseRegistryMessage('ActionParameterValueNotInList', [value, name, ref.name]));
  }
  const required = [
    ...Object.entries(specs ?? {})
      .filter(([, spec]) => spec.required === true)
      .map(([name]) => name),
    ...(info ?? [])
      .filter((entry) => entry.Required === true)
      .flatMap((entry) => (typeof entry.Name === 'string' ? [entry.Name] : [])),
  ];
  for (const name of new Set(required)) {
    if (!(name in body)) messages.push(baseRegistryMessage('ActionParameterMissing', [ref.name, name]));
  }
  if (messages.length > 0) throw new RedfishError(400, messages);
}

function hasType(value: unknown, type: ParameterSpec['type']): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}
