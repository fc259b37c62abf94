import type { JsonObject, NodeRecord } from '../../../core/index.js';
import type { NodeChanges } from '../../../drivers/interfaces/index.js';
import { raidInfoChanges } from '../node-data/raid-info.js';

/**
 * Merges a driver's NodeChanges into node fields: dict keys merge, a null value removes the key. A reported
 * raid_config is the configuration as built and replaces the old one (update_raid_info, at `nowMs`).
 */
export function applyChanges(node: NodeRecord, changes: NodeChanges, nowMs: number): Partial<NodeRecord> {
  const out: Partial<NodeRecord> = {};
  const merge = (base: JsonObject, patch: JsonObject): JsonObject => {
    const merged: JsonObject = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    return merged;
  };
  if (changes.instance_info) out.instance_info = merge(node.instance_info, changes.instance_info);
  if (changes.driver_internal_info) out.driver_internal_info = merge(node.driver_internal_info, changes.driver_internal_info);
  if (changes.properties) out.properties = merge(node.properties, changes.properties);
  if (changes.raid_config) Object.assign(out, raidInfoChanges({ properties: out.properties ?? node.properties }, changes.raid_config, nowMs));
  if (changes.boot_mode !== undefined) out.boot_mode = changes.boot_mode;
  if (changes.secure_boot !== undefined) out.secure_boot = changes.secure_boot;
  return out;
}
