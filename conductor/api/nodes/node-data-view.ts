import { InvalidParameterValue, type JsonObject } from '../../../core/index.js';
import { BIOS_REGISTRY_FIELDS } from '../../workers/index.js';
import { pythonRepr } from '../python-repr.js';
import { queryBoolean, queryString, type Query } from '../query-params.js';
import { selfLinks } from '../request-context.js';

const BIOS_FIELDS = ['name', 'value'] as const;
const BIOS_DETAIL_FIELDS: readonly string[] = [...BIOS_FIELDS, ...BIOS_REGISTRY_FIELDS];
const FIRMWARE_FIELDS: readonly string[] = ['component', 'initial_version', 'current_version', 'last_version_flashed'];
/** BIOS `detail` and `fields` arrived with the registry (1.74); firmware `fields` with the API itself (1.86). */
const BIOS_QUERY_MINOR = 74;

/**
 * The fields a BIOS list shows (api/controllers/v1/bios.py get_all and utils.get_request_return_fields):
 * name and value; every registry field with `detail=True`; or the `fields` asked for. Before 1.74 either
 * parameter is refused with Ironic's wording, which quotes the value the way Python prints it.
 */
export function biosListFields(query: Query, apiMinor: number): readonly string[] {
  const detail = queryBoolean(query, 'detail');
  const fields = fieldsParam(query);
  if (detail !== undefined && apiMinor < BIOS_QUERY_MINOR) {
    throw new InvalidParameterValue(`Invalid query parameter ?detail=${pythonRepr(detail)} received.`);
  }
  if (fields !== undefined && apiMinor < BIOS_QUERY_MINOR) {
    throw new InvalidParameterValue(`Invalid query parameter ?fields=${pythonRepr(fields)} received.`);
  }
  if (fields !== undefined && detail === true) {
    throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
  }
  if (fields !== undefined) return checkedFields(fields, BIOS_DETAIL_FIELDS);
  return detail === true ? BIOS_DETAIL_FIELDS : BIOS_FIELDS;
}

/** The fields of one BIOS setting (GET /bios/{name}): the registry fields from 1.74 on. */
export function biosItemFields(apiMinor: number): readonly string[] {
  return apiMinor >= BIOS_QUERY_MINOR ? BIOS_DETAIL_FIELDS : BIOS_FIELDS;
}

/**
 * A cached BIOS setting as Ironic's object_to_dict shows it: created_at, updated_at, the chosen fields (an
 * unknown allowable_values is [], other unknowns null), then links under nodes/<ident>/bios/<name>.
 */
export function renderBiosSetting(setting: JsonObject, fields: readonly string[], baseUrl: string, nodeIdent: string): JsonObject {
  const out = timestampsAndFields(setting, fields);
  if (fields.includes('allowable_values') && out['allowable_values'] === null) out['allowable_values'] = [];
  out['links'] = selfLinks(baseUrl, `nodes/${nodeIdent}/bios/${String(setting['name'])}`);
  return out;
}

/** The firmware list's fields (api/controllers/v1/firmware.py): the four version fields, or `fields`. */
export function firmwareListFields(query: Query): readonly string[] {
  const fields = fieldsParam(query);
  return fields === undefined ? FIRMWARE_FIELDS : checkedFields(fields, FIRMWARE_FIELDS);
}

/** A cached firmware component: created_at, updated_at and the chosen fields; Ironic gives it no links. */
export function renderFirmwareComponent(component: JsonObject, fields: readonly string[]): JsonObject {
  return timestampsAndFields(component, fields);
}

function timestampsAndFields(record: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = { created_at: record['created_at'] ?? null, updated_at: record['updated_at'] ?? null };
  for (const field of fields) out[field] = record[field] ?? null;
  return out;
}

function fieldsParam(query: Query): string[] | undefined {
  const raw = queryString(query, 'fields');
  return raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Ironic answers an unknown field with a 500 (AttributeError); a 400 naming it serves clients better. */
function checkedFields(fields: readonly string[], known: readonly string[]): readonly string[] {
  const invalid = fields.filter((f) => !known.includes(f));
  if (invalid.length > 0) throw new InvalidParameterValue(`Field(s) "${invalid.join(', ')}" are not valid`);
  return fields;
}
