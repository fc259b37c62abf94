import type { JsonObject, JsonValue } from '../../../core/index.js';
import { isJsonObject } from '../../../drivers/interfaces/index.js';
import type { Store } from '../../persistence/index.js';

/** Read access to stored node data in the shapes the API serves (the API's NodeDataReaders port). */
export interface StoredNodeDataReaders {
  /** Inventory and plugin data of the last inspection; undefined before the first one. */
  inventory(nodeUuid: string): Promise<{ inventory: JsonObject; plugin_data: JsonObject } | undefined>;
  /** Cached BIOS settings by name: name, value, registry fields, created_at, updated_at. */
  bios(nodeUuid: string): Promise<JsonObject[]>;
  /** Cached firmware components: component, initial/current/last flashed versions, created_at, updated_at. */
  firmware(nodeUuid: string): Promise<JsonObject[]>;
}

/** Readers over `store.nodeData`; main.ts hands them to the API. */
export function createNodeDataReaders(store: Pick<Store, 'nodeData'>): StoredNodeDataReaders {
  return {
    inventory: async (nodeUuid) => {
      const inventory = await store.nodeData.get(nodeUuid, 'inventory');
      if (inventory === undefined) return undefined;
      const pluginData = await store.nodeData.get(nodeUuid, 'plugin_data');
      return { inventory: objectOf(inventory.value), plugin_data: objectOf(pluginData?.value) };
    },
    bios: async (nodeUuid) => listOf((await store.nodeData.get(nodeUuid, 'bios'))?.value),
    firmware: async (nodeUuid) => listOf((await store.nodeData.get(nodeUuid, 'firmware'))?.value),
  };
}

function objectOf(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

function listOf(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}
