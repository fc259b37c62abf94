import type { JsonObject, JsonValue } from '../../core/index.js';

/** True when `value` is a JSON object (not an array, not null). */
export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `o[key]` when it is an object. */
export function objectAt(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = o?.[key];
  return isObject(value) ? value : undefined;
}

/** `o[key]` when it is a string. */
export function stringAt(o: JsonObject | undefined, key: string): string | undefined {
  const value = o?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** `o[key]` when it is a finite number. */
export function numberAt(o: JsonObject | undefined, key: string): number | undefined {
  const value = o?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `o[key]` when it is a boolean. */
export function booleanAt(o: JsonObject | undefined, key: string): boolean | undefined {
  const value = o?.[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** `o[key]` when it is an array. */
export function arrayAt(o: JsonObject | undefined, key: string): JsonValue[] | undefined {
  const value = o?.[key];
  return Array.isArray(value) ? value : undefined;
}

/** The strings of the array `o[key]`, ignoring anything else in it. */
export function stringsAt(o: JsonObject | undefined, key: string): string[] {
  return (arrayAt(o, key) ?? []).filter((v): v is string => typeof v === 'string');
}

/** The `@odata.id` of a link object (`{"@odata.id": "/redfish/v1/..."}`). */
export function odataId(value: JsonValue | undefined): string | undefined {
  return isObject(value) ? stringAt(value, '@odata.id') : undefined;
}

/** The link `o[key]["@odata.id"]` (Redfish navigation property). */
export function linkAt(o: JsonObject | undefined, key: string): string | undefined {
  return odataId(o?.[key]);
}

/** The links of an array of link objects `o[key]` (`Members`, `Links.ManagedBy` ...). */
export function linksAt(o: JsonObject | undefined, key: string): string[] {
  return (arrayAt(o, key) ?? []).map(odataId).filter((v): v is string => v !== undefined);
}

/** The member links of a resource collection (DSP0266 §9.6: `Members` is an array of links). */
export function memberLinks(collection: JsonObject): string[] {
  return linksAt(collection, 'Members');
}
