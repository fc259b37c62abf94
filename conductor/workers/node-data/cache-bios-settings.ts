import { isDeepStrictEqual } from 'node:util';
import { UnsupportedDriverExtension, isoTimestamp, type JsonObject, type JsonValue } from '../../../core/index.js';
import { isJsonObject, type BiosSetting } from '../../../drivers/interfaces/index.js';
import { errorMessage, recordHistory } from '../history.js';
import type { NodeTask } from '../node-task.js';
import type { NodeDataDeps } from './node-data-deps.js';

/** Registry fields of a BIOS setting (1.74), in Ironic's output order; null when the BMC does not say. */
export const BIOS_REGISTRY_FIELDS = [
  'attribute_type', 'allowable_values', 'lower_bound', 'max_length', 'min_length', 'read_only', 'reset_required',
  'unique', 'upper_bound',
] as const;

/** What a sync found: the settings to store and the names created, updated and deleted. */
export interface BiosSync {
  settings: JsonObject[];
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * Reads the BIOS settings through the node's bios interface and caches them (Ironic's cache_bios_settings via
 * conductor utils node_cache_bios_settings): run at verify, around cleaning and servicing, and after the BIOS
 * steps. Never throws: `no-bios` leaves the cache absent, a failed read is logged and the operation goes on.
 */
export async function cacheBiosSettings(deps: NodeDataDeps, task: NodeTask, signal: AbortSignal): Promise<void> {
  let reported: BiosSetting[];
  try {
    reported = await task.driver().bios.getSettings(task.node, { log: task.log, signal });
  } catch (error) {
    if (error instanceof UnsupportedDriverExtension) task.log.debug({}, 'BIOS settings are not supported; not cached');
    else task.log.warn({ err: error }, 'caching of BIOS settings failed; continuing');
    return;
  }
  try {
    const nowIso = isoTimestamp(deps.clock.now());
    const stored = await deps.store.nodeData.get(task.node.uuid, 'bios');
    const sync = syncBiosSettings(entriesOf(stored?.value), reported, nowIso);
    const changes = [...sync.created, ...sync.updated, ...sync.deleted].length;
    if (stored !== undefined && changes === 0) return;
    await deps.store.nodeData.put(task.node.uuid, 'bios', sync.settings, nowIso);
    if (changes === 0) return;
    const event = `BIOS settings cached: ${describeSync(sync)}`;
    task.log.info({ created: sync.created.length, updated: sync.updated, deleted: sync.deleted }, 'BIOS settings cached');
    await recordHistory(deps, task.node, { eventType: 'management', event });
  } catch (error) {
    task.log.warn({ err: error }, `could not store BIOS settings: ${errorMessage(error)}`);
  }
}

/**
 * Ironic's BIOSSettingList.sync_node_setting: new names are created, settings whose value or registry fields
 * changed are updated (updated_at set), names the BMC no longer reports are deleted. Sorted by name.
 */
export function syncBiosSettings(stored: readonly JsonObject[], reported: readonly BiosSetting[], nowIso: string): BiosSync {
  const previous = new Map(stored.map((s) => [String(s['name']), s]));
  const sync: BiosSync = { settings: [], created: [], updated: [], deleted: [] };
  const seen = new Set<string>();
  for (const setting of reported) {
    if (seen.has(setting.name)) continue; // a BMC listing a name twice: the first wins, as the primary key would
    seen.add(setting.name);
    const fields = settingFields(setting);
    const old = previous.get(setting.name);
    if (old === undefined) {
      sync.created.push(setting.name);
      sync.settings.push({ ...fields, created_at: nowIso, updated_at: null });
    } else if (Object.entries(fields).some(([k, v]) => !isDeepStrictEqual(old[k] ?? null, v))) {
      sync.updated.push(setting.name);
      sync.settings.push({ ...fields, created_at: old['created_at'] ?? nowIso, updated_at: nowIso });
    } else {
      sync.settings.push(old);
    }
  }
  sync.deleted = [...previous.keys()].filter((name) => !seen.has(name));
  sync.settings.sort((a, b) => (String(a['name']) < String(b['name']) ? -1 : 1));
  return sync;
}

/** The stored form of a reported setting: name, value and every registry field (null when unknown). */
function settingFields(setting: BiosSetting): JsonObject {
  const out: JsonObject = { name: setting.name, value: setting.value };
  for (const field of BIOS_REGISTRY_FIELDS) {
    const value: JsonValue | undefined = setting[field];
    out[field] = value === undefined ? null : Array.isArray(value) ? [...value] : value;
  }
  return out;
}

function entriesOf(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function describeSync(sync: BiosSync): string {
  const parts: string[] = [];
  if (sync.created.length > 0) parts.push(`${sync.created.length} added`);
  if (sync.updated.length > 0) parts.push(`${sync.updated.length} changed (${sync.updated.join(', ')})`);
  if (sync.deleted.length > 0) parts.push(`${sync.deleted.length} removed (${sync.deleted.join(', ')})`);
  return parts.join(', ');
}
