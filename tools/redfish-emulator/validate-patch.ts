import { isJsonObject, type JsonObject, type JsonValue } from './json-object.js';
import type { PropertyRule, PropertyRules } from './patch-rules.js';
import { baseRegistryMessage, type RedfishMessage } from './redfish-error.js';

/** The part of a PATCH body the service accepts, and one message per rejected property. */
export interface PatchVerdict {
  readonly accepted: JsonObject;
  readonly rejected: RedfishMessage[];
}

/**
 * Checks a PATCH body against the writable properties of the resource it changes (`current`). DSP0266 §7.6
 * (PATCH): a service that cannot change a property reports it in `@Message.ExtendedInfo`; annotations such as
 * `@odata.etag` or `@Redfish.SettingsApplyTime` are not properties and are skipped here.
 */
export function validatePatch(rules: PropertyRules, patch: JsonObject, current: JsonObject, prefix = ''): PatchVerdict {
  const accepted: JsonObject = {};
  const rejected: RedfishMessage[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('@') || key.includes('@')) continue;
    const name = `${prefix}${key}`;
    const rule = rules[key];
    if (rule === undefined) {
      rejected.push(
        baseRegistryMessage(key in current ? 'PropertyNotWritable' : 'PropertyUnknown', [name], [`#/${name}`]),
      );
      continue;
    }
    if (!(key in current) && rule.writeOnly !== true) {
      rejected.push(baseRegistryMessage('PropertyUnknown', [name], [`#/${name}`]));
      continue;
    }
    const outcome = checkValue(rule, value, current, key, name);
    if (outcome.value !== undefined) accepted[key] = outcome.value;
    rejected.push(...outcome.rejected);
  }
  return { accepted, rejected };
}

function checkValue(
  rule: PropertyRule,
  value: JsonValue,
  current: JsonObject,
  key: string,
  name: string,
): { value?: JsonValue; rejected: RedfishMessage[] } {
  const typeError = (): { rejected: RedfishMessage[] } => ({
    rejected: [baseRegistryMessage('PropertyValueTypeError', [display(value), name], [`#/${name}`])],
  });
  switch (rule.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { value, rejected: [] } : typeError();
    case 'string':
      return typeof value === 'string' || (value === null && rule.nullable === true)
        ? { value, rejected: [] }
        : typeError();
    case 'enum': {
      if (value === null && rule.nullable === true) return { value, rejected: [] };
      if (typeof value !== 'string') return typeError();
      const allowed = current[`${key}@Redfish.AllowableValues`];
      const list = Array.isArray(allowed) ? allowed : rule.values;
      if (list.includes(value) && rule.values.includes(value)) return { value, rejected: [] };
      return { rejected: [baseRegistryMessage('PropertyValueNotInList', [value, name], [`#/${name}`])] };
    }
    case 'object': {
      if (!isJsonObject(value)) return typeError();
      const inner = current[key];
      const verdict = validatePatch(rule.properties, value, isJsonObject(inner) ? inner : {}, `${name}/`);
      return Object.keys(verdict.accepted).length > 0
        ? { value: verdict.accepted, rejected: verdict.rejected }
        : { rejected: verdict.rejected };
    }
    case 'attributes':
      return checkAttributes(value, current[key], name);
  }
}

/** BIOS attributes: the name must exist and the value keep its JSON type (Bios v1_2 `Attributes`). */
function checkAttributes(
  value: JsonValue,
  current: JsonValue | undefined,
  name: string,
): { value?: JsonValue; rejected: RedfishMessage[] } {
  if (!isJsonObject(value)) {
    return { rejected: [baseRegistryMessage('PropertyValueTypeError', [display(value), name], [`#/${name}`])] };
  }
  const known = isJsonObject(current) ? current : {};
  const accepted: JsonObject = {};
  const rejected: RedfishMessage[] = [];
  for (const [attribute, attributeValue] of Object.entries(value)) {
    const path = `${name}/${attribute}`;
    const existing = known[attribute];
    if (existing === undefined) rejected.push(baseRegistryMessage('PropertyUnknown', [path], [`#/${path}`]));
    else if (existing !== null && attributeValue !== null && typeof existing !== typeof attributeValue) {
      rejected.push(baseRegistryMessage('PropertyValueTypeError', [display(attributeValue), path], [`#/${path}`]));
    } else if (isJsonObject(attributeValue) || Array.isArray(attributeValue)) {
      rejected.push(baseRegistryMessage('PropertyValueTypeError', [display(attributeValue), path], [`#/${path}`]));
    } else accepted[attribute] = attributeValue;
  }
  return Object.keys(accepted).length > 0 ? { value: accepted, rejected } : { rejected };
}

/** A value as a message argument. */
export function display(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Deep-merges `patch` into `target` (objects merge, everything else replaces). */
export function mergeInto(target: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    const existing = target[key];
    if (isJsonObject(value) && isJsonObject(existing)) mergeInto(existing, value);
    else target[key] = structuredClone(value);
  }
}
