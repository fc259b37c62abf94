import type { JsonObject, NodeRef } from '../../core/index.js';
import type { StepHost } from './steps.js';

/**
 * RAID configuration (RAIDInterface): the target is stored on the node, and the `create_configuration` /
 * `delete_configuration` clean or deploy steps apply it.
 */
export interface RaidInterface extends Partial<StepHost> {
  validate(node: NodeRef): void;
  /** Checks a `target_raid_config` before it is stored; throws InvalidParameterValue naming the problem. */
  validateRaidConfig(node: NodeRef, config: JsonObject): void;
  /** Properties a logical disk may have, with descriptions (GET /v1/drivers/{name}/raid/logical_disk_properties). */
  getLogicalDiskProperties(): Record<string, string>;
}

/** Keys a logical disk must or may carry in `target_raid_config` (ironic/common/raid.py schema). */
export const RAID_LOGICAL_DISK_PROPERTIES: Readonly<Record<string, string>> = {
  size_gb: 'Size (Integer) of the logical disk to be created in GiB, or "MAX". Required.',
  raid_level: 'RAID level for the logical disk: "0", "1", "2", "5", "6", "1+0", "5+0", "6+0". Required.',
  volume_name: 'Name of the volume. Optional.',
  is_root_volume: 'Whether this volume is the root volume. Optional.',
  share_physical_disks: 'Whether physical disks may be shared with other logical disks. Optional.',
  disk_type: 'The type of disk preferred: "hdd" or "ssd". Optional.',
  interface_type: 'The interface type of disk: "sata", "scsi" or "sas". Optional.',
  number_of_physical_disks: 'Number of physical disks to use. Optional.',
  controller: 'Controller to use. Optional.',
  physical_disks: 'Physical disks to use. Optional.',
};
