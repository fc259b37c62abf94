/** A JSON value as parsed from a mockup file or a request body. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object: every Redfish resource and request body is one. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `body[key]`, or undefined when it is absent or not an object. */
export function objectAt(body: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = body?.[key];
  return isJsonObject(value) ? value : undefined;
}

/** The string at `body[key]`, or undefined. */
export function stringAt(body: JsonObject | undefined, key: string): string | undefined {
  const value = body?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** The strings of the array at `body[key]` (other items skipped), or undefined when there is no array. */
export function stringsAt(body: JsonObject | undefined, key: string): string[] | undefined {
  const value = body?.[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

/** `@odata.id` of a navigation link object such as `{"@odata.id": "/redfish/v1/Systems"}`. */
export function linkAt(body: JsonObject | undefined, key: string): string | undefined {
  return stringAt(objectAt(body, key), '@odata.id');
}

/** The `@odata.id` values of an array of links (`Members`, `Links.Drives`). */
export function linksAt(body: JsonObject | undefined, key: string): string[] {
  const value = body?.[key];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const id = isJsonObject(item) ? item['@odata.id'] : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}
