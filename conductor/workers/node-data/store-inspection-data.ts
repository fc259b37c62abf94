import { isDeepStrictEqual } from 'node:util';
import { isoTimestamp, type JsonObject } from '../../../core/index.js';
import { recordHistory } from '../history.js';
import type { NodeTask } from '../node-task.js';
import type { NodeDataDeps } from './node-data-deps.js';

/**
 * Keeps what inspection found (Ironic's inspect_utils.store_inspection_data): the inventory and the plugin
 * data, each replacing the previous one, served at GET /v1/nodes/{id}/inventory. A history event is recorded
 * when the inventory differs from the stored one (first inspection included).
 */
export async function storeInspectionData(deps: NodeDataDeps, task: NodeTask, inventory: JsonObject, pluginData: JsonObject): Promise<void> {
  const nowIso = isoTimestamp(deps.clock.now());
  const previous = await deps.store.nodeData.get(task.node.uuid, 'inventory');
  await deps.store.nodeData.put(task.node.uuid, 'inventory', inventory, nowIso);
  await deps.store.nodeData.put(task.node.uuid, 'plugin_data', pluginData, nowIso);
  if (previous !== undefined && isDeepStrictEqual(previous.value, inventory)) return;
  const event = previous === undefined ? 'Inspection inventory stored' : 'Inspection inventory changed';
  task.log.info({}, event.toLowerCase());
  await recordHistory(deps, task.node, { eventType: 'management', event });
}
