import { updateCapabilities, type JsonObject, type NodeRecord } from '../../../core/index.js';
import { isJsonObject } from '../../../drivers/interfaces/index.js';

/**
 * The node fields a RAID step's reported configuration sets (ironic/common/raid.py update_raid_info):
 * raid_config becomes the logical disks as built, with `last_updated`; the root volume sets properties
 * local_gb (unless "MAX"), root_device (from its root_device_hint) and the raid_level capability. No logical
 * disks (delete_configuration) clears raid_config to {}, as the agent and redfish RAID interfaces do.
 */
export function raidInfoChanges(node: Pick<NodeRecord, 'properties'>, reported: JsonObject, nowMs: number): Partial<NodeRecord> {
  const disks = Array.isArray(reported['logical_disks']) ? reported['logical_disks'].filter(isJsonObject) : [];
  if (disks.length === 0) return { raid_config: {} };
  const changes: Partial<NodeRecord> = { raid_config: { ...reported, logical_disks: disks, last_updated: pythonUtcNow(nowMs) } };
  const root = disks.find((d) => d['is_root_volume'] === true);
  if (root === undefined) return changes;
  const properties: JsonObject = { ...node.properties };
  const size = root['size_gb'];
  if (typeof size === 'number') properties['local_gb'] = Math.trunc(size);
  const hint = root['root_device_hint'];
  if (hint !== undefined) properties['root_device'] = hint;
  if (typeof root['raid_level'] === 'string') {
    const capabilities = typeof properties['capabilities'] === 'string' ? properties['capabilities'] : undefined;
    properties['capabilities'] = updateCapabilities(capabilities, { raid_level: root['raid_level'] });
  }
  return { ...changes, properties };
}

/** str(datetime.utcnow()) as Ironic writes last_updated: "2024-05-01 10:00:00.123000". */
function pythonUtcNow(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-05-01T10:00:00.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}
