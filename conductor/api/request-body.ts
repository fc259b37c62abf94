import { InvalidParameterValue } from '../../core/index.js';
import { requireMinor } from './microversion.js';
import { pythonRepr } from './python-repr.js';

/** JSON-schema type names, as Ironic's messages print them. */
export type JsonType = 'string' | 'object' | 'null' | 'boolean' | 'integer' | 'number' | 'array';

/** One accepted body key: its types, an optional length cap and the microversion that introduced it. */
export interface FieldSpec {
  types: readonly JsonType[];
  maxLength?: number;
  minVersion?: number;
}

/** The keys a body may have. */
export type BodySpec = Readonly<Record<string, FieldSpec>>;

/** True when `value` is a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'object': return isJsonObject(value);
    case 'null': return value === null;
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'array': return Array.isArray(value);
  }
}

/** `Schema error for <name>: <detail>` (ironic api/controllers/v1/utils.py, jsonschema wording). */
export function schemaError(name: string, detail: string): InvalidParameterValue {
  return new InvalidParameterValue(`Schema error for ${name}: ${detail}`);
}

/** Checks `value` against one field spec; throws the jsonschema-style message. */
export function checkField(name: string, value: unknown, spec: FieldSpec): void {
  if (!spec.types.some((t) => hasType(value, t))) {
    throw schemaError(name, `${pythonRepr(value)} is not of type ${spec.types.map((t) => `'${t}'`).join(', ')}`);
  }
  if (spec.maxLength !== undefined && typeof value === 'string' && value.length > spec.maxLength) {
    throw schemaError(name, `${pythonRepr(value)} is too long`);
  }
}

/**
 * Validates a request body as Ironic's jsonschema does: an object, no unknown keys, required keys
 * present, types right. Keys newer than the request's microversion get 406 first.
 */
export function checkBody(
  body: unknown, spec: BodySpec, name: string, apiMinor: number, required: readonly string[] = [],
): Record<string, unknown> {
  if (!isJsonObject(body)) throw schemaError(name, `${pythonRepr(body ?? null)} is not of type 'object'`);
  for (const key of Object.keys(body)) {
    const min = spec[key]?.minVersion;
    if (min !== undefined) requireMinor(apiMinor, min);
  }
  const unexpected = Object.keys(body).filter((key) => !Object.hasOwn(spec, key));
  if (unexpected.length > 0) {
    const list = unexpected.map((k) => pythonRepr(k)).join(', ');
    throw schemaError(name, `Additional properties are not allowed (${list} ${unexpected.length === 1 ? 'was' : 'were'} unexpected)`);
  }
  for (const key of required) {
    if (!Object.hasOwn(body, key)) throw schemaError(name, `'${key}' is a required property`);
  }
  for (const [key, value] of Object.entries(body)) {
    const field = spec[key];
    if (field) checkField(name, value, field);
  }
  return body;
}

/**
 * For action bodies checked the WSME way (`PUT states/power`): unknown keys give
 * "Unexpected arguments: a, b", a missing key "Missing mandatory parameter: x".
 */
export function checkArguments(body: unknown, allowed: readonly string[], required: readonly string[] = []): Record<string, unknown> {
  const object = body === undefined || body === null ? {} : body;
  if (!isJsonObject(object)) throw new InvalidParameterValue(`Invalid request body: ${pythonRepr(body)}`);
  const unexpected = Object.keys(object).filter((key) => !allowed.includes(key));
  if (unexpected.length > 0) throw new InvalidParameterValue(`Unexpected arguments: ${unexpected.join(', ')}`);
  for (const key of required) {
    if (object[key] === undefined || object[key] === null) {
      throw new InvalidParameterValue(`Missing mandatory parameter: ${key}`);
    }
  }
  return object;
}
