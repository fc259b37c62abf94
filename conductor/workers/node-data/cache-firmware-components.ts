import { isDeepStrictEqual } from 'node:util';
import { UnsupportedDriverExtension, isoTimestamp, type JsonObject, type JsonValue } from '../../../core/index.js';
import { isJsonObject, type FirmwareComponent } from '../../../drivers/interfaces/index.js';
import { errorMessage, recordHistory } from '../history.js';
import type { NodeTask } from '../node-task.js';
import type { NodeDataDeps } from './node-data-deps.js';

/** What a sync found: the components to store and the names created and updated. */
export interface FirmwareSync {
  components: JsonObject[];
  created: string[];
  /** `component old -> new` for each version change. */
  updated: string[];
}

/**
 * Reads the firmware components through the node's firmware interface and caches them (Ironic's
 * cache_firmware_components via node_cache_firmware_components): at verify, after inspection, around
 * cleaning and servicing, and after the `update` step. Never throws; `no-firmware` leaves the cache absent.
 */
export async function cacheFirmwareComponents(deps: NodeDataDeps, task: NodeTask, signal: AbortSignal): Promise<void> {
  let reported: FirmwareComponent[];
  try {
    reported = await task.driver().firmware.getComponents(task.node, { log: task.log, signal });
  } catch (error) {
    if (error instanceof UnsupportedDriverExtension) task.log.debug({}, 'firmware components are not supported; not cached');
    else task.log.warn({ err: error }, 'caching of firmware components failed; continuing');
    return;
  }
  try {
    const nowIso = isoTimestamp(deps.clock.now());
    const stored = await deps.store.nodeData.get(task.node.uuid, 'firmware');
    const sync = syncFirmwareComponents(entriesOf(stored?.value), reported, nowIso);
    const changes = sync.created.length + sync.updated.length;
    if (stored !== undefined && changes === 0) return;
    await deps.store.nodeData.put(task.node.uuid, 'firmware', sync.components, nowIso);
    if (changes === 0) return;
    const parts = [
      ...(sync.created.length > 0 ? [`${sync.created.length} added`] : []),
      ...(sync.updated.length > 0 ? [`updated ${sync.updated.join(', ')}`] : []),
    ];
    task.log.info({ created: sync.created, updated: sync.updated }, 'firmware components cached');
    await recordHistory(deps, task.node, { eventType: 'management', event: `Firmware components cached: ${parts.join('; ')}` });
  } catch (error) {
    task.log.warn({ err: error }, `could not store firmware components: ${errorMessage(error)}`);
  }
}

/**
 * Ironic's FirmwareComponentList.sync_firmware_components and FirmwareComponent.create: a new component's
 * initial_version is the version first read; a changed version becomes current_version and
 * last_version_flashed. Components the BMC stops reporting are kept, as Ironic never deletes them.
 */
export function syncFirmwareComponents(stored: readonly JsonObject[], reported: readonly FirmwareComponent[], nowIso: string): FirmwareSync {
  const sync: FirmwareSync = { components: stored.map((c) => ({ ...c })), created: [], updated: [] };
  for (const component of reported) {
    const existing = sync.components.find((c) => c['component'] === component.component);
    if (existing === undefined) {
      sync.created.push(component.component);
      sync.components.push({
        component: component.component, initial_version: component.current_version, current_version: component.current_version,
        last_version_flashed: null, created_at: nowIso, updated_at: null,
      });
    } else if (!isDeepStrictEqual(existing['current_version'], component.current_version)) {
      sync.updated.push(`${component.component} ${String(existing['current_version'])} -> ${component.current_version}`);
      Object.assign(existing, { current_version: component.current_version, last_version_flashed: component.current_version, updated_at: nowIso });
    }
  }
  return sync;
}

function entriesOf(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}
