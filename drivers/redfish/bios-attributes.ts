import { InvalidParameterValue, type JsonObject, type JsonValue } from '../../core/index.js';
import type { BiosSetting } from '../interfaces/index.js';
import { isObject, objectAt } from './json-fields.js';

/** The BIOS attributes (Bios.v1 `Attributes`) as Ironic lists them: name and string value, sorted by name. */
export function parseBiosSettings(bios: JsonObject): BiosSetting[] {
  const attributes = objectAt(bios, 'Attributes') ?? {};
  return Object.entries(attributes)
    .map(([name, value]) => ({ name, value: attributeText(value) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function attributeText(value: JsonValue): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Reads the `settings` argument of apply_configuration (`[{"name": ..., "value": ...}]`, Ironic's BIOS step
 * schema) into Redfish Attributes. Ironic's API sends strings; a value is converted back to the type the BMC
 * uses for that attribute (Integer, Boolean in the AttributeRegistry), as read from the current Attributes.
 */
export function requestedAttributes(nodeId: string, settings: JsonValue | undefined, current: JsonObject): JsonObject {
  if (!Array.isArray(settings) || settings.length === 0) {
    throw new InvalidParameterValue(`apply_configuration on node ${nodeId} needs a non-empty list of settings [{"name": ..., "value": ...}].`);
  }
  const out: JsonObject = {};
  for (const item of settings) {
    const name = isObject(item) ? item['name'] : undefined;
    if (!isObject(item) || typeof name !== 'string' || name === '' || !('value' in item)) {
      throw new InvalidParameterValue(`apply_configuration on node ${nodeId}: every setting needs a "name" and a "value".`);
    }
    out[name] = typedLike(item['value'] ?? null, current[name]);
  }
  return out;
}

function typedLike(value: JsonValue, existing: JsonValue | undefined): JsonValue {
  if (typeof value !== 'string') return value;
  if (typeof existing === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof existing === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Names of requested attributes whose current value differs (compared as Ironic shows them, as text). */
export function differingAttributes(requested: JsonObject, current: JsonObject): string[] {
  return Object.keys(requested).filter((name) => attributeText(requested[name] ?? null) !== attributeText(current[name] ?? null));
}
