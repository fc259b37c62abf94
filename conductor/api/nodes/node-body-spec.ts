import { InvalidParameterValue } from '../../../core/index.js';
import type { BodySpec, FieldSpec, JsonType } from '../request-body.js';
import { parseBoolean } from '../query-params.js';
import { INTERFACE_FIELD_VERSIONS } from './node-fields.js';

const STR_OR_NULL: readonly JsonType[] = ['string', 'null'];
const OBJ_OR_NULL: readonly JsonType[] = ['object', 'null'];
const BOOLISH: readonly JsonType[] = ['string', 'boolean', 'null'];

function field(types: readonly JsonType[], minVersion = 1, maxLength?: number): FieldSpec {
  return maxLength === undefined ? { types, minVersion } : { types, minVersion, maxLength };
}

const interfaceSpecs = Object.fromEntries(INTERFACE_FIELD_VERSIONS.map(([name, min]) => [name, field(STR_OR_NULL, min, 255)]));

/** `POST /v1/nodes` body (ironic node.py node_schema()), with each key's microversion. */
export const NODE_CREATE_SPEC: BodySpec = {
  driver: field(['string'], 1, 255), name: field(STR_OR_NULL, 5, 255), uuid: field(STR_OR_NULL),
  driver_info: field(OBJ_OR_NULL), properties: field(OBJ_OR_NULL), extra: field(OBJ_OR_NULL),
  instance_info: field(OBJ_OR_NULL), chassis_uuid: field(STR_OR_NULL), resource_class: field(STR_OR_NULL, 21, 80),
  conductor_group: field(STR_OR_NULL, 46, 255), automated_clean: field(BOOLISH, 47), owner: field(STR_OR_NULL, 50, 255),
  description: field(STR_OR_NULL, 51, 4096), retired: field(BOOLISH, 61), retired_reason: field(STR_OR_NULL, 61, 255),
  lessee: field(STR_OR_NULL, 65, 255), network_data: field(OBJ_OR_NULL, 66), shard: field(STR_OR_NULL, 82, 255),
  parent_node: field(STR_OR_NULL, 83), ...interfaceSpecs,
};

/** Fields a PATCH may touch (PATCH_ALLOWED_FIELDS) and the types they may end up with. */
export const NODE_PATCH_SPEC: BodySpec = {
  ...NODE_CREATE_SPEC, instance_uuid: field(STR_OR_NULL), maintenance: field(['boolean']),
  protected: field(['boolean'], 48), protected_reason: field(STR_OR_NULL, 48, 255),
};
delete (NODE_PATCH_SPEC as Record<string, FieldSpec>)['uuid'];

/** Sorted list for Ironic's "Only the following can be updated: ..." message. */
export const NODE_PATCH_FIELDS: readonly string[] = Object.keys(NODE_PATCH_SPEC).sort();

/** automated_clean / retired accept booleans and boolean-like strings ("true"). */
export function toOptionalBoolean(name: string, value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  return parseBoolean(name, String(value));
}

const GROUP_RE = /^[a-zA-Z0-9_\-.:]*$/;

/** conductor_group: Ironic lower-cases it and allows letters, digits, `_ - . :`. */
export function toConductorGroup(value: unknown): string {
  if (value === null || value === undefined) return '';
  const group = String(value);
  if (!GROUP_RE.test(group)) {
    throw new InvalidParameterValue(`Invalid conductor_group ${group}. Valid characters are: letters, digits, "_", "-", ".", ":"`);
  }
  return group.toLowerCase();
}
