import { InvalidParameterValue, type JsonObject } from '../../../core/index.js';
import { isJsonObject } from '../request-body.js';

/** RAID levels Ironic's raid_config_schema.json accepts. */
export const RAID_LEVELS = ['0', '1', '2', '5', '6', '1+0', '5+0', '6+0', 'JBOD'] as const;

function raidError(detail: string): InvalidParameterValue {
  return new InvalidParameterValue(`RAID config validation error: ${detail}`);
}

function checkLogicalDisk(disk: unknown, index: number): void {
  if (!isJsonObject(disk)) throw raidError(`logical_disks[${index}] is not an object`);
  const size = disk['size_gb'];
  if (size === undefined) throw raidError(`'size_gb' is a required property of logical_disks[${index}]`);
  if (size !== 'MAX' && !(typeof size === 'number' && Number.isInteger(size) && size >= 0)) {
    throw raidError(`size_gb of logical_disks[${index}] must be a non-negative integer or "MAX"`);
  }
  const level = disk['raid_level'];
  if (level === undefined) throw raidError(`'raid_level' is a required property of logical_disks[${index}]`);
  if (typeof level !== 'string' || !(RAID_LEVELS as readonly string[]).includes(level)) {
    throw raidError(`raid_level of logical_disks[${index}] must be one of ${RAID_LEVELS.join(', ')}`);
  }
  for (const key of ['is_root_volume', 'share_physical_disks']) {
    if (disk[key] !== undefined && typeof disk[key] !== 'boolean') throw raidError(`${key} of logical_disks[${index}] must be a boolean`);
  }
}

/** Validates a target_raid_config (`PUT states/raid`, 1.12) against the shape of Ironic's RAID schema. */
export function checkRaidConfig(body: unknown): JsonObject {
  if (!isJsonObject(body)) throw raidError('the body must be an object');
  const disks = body['logical_disks'];
  if (!Array.isArray(disks)) throw raidError("'logical_disks' is a required property and must be a list");
  disks.forEach(checkLogicalDisk);
  const extra = Object.keys(body).filter((k) => k !== 'logical_disks');
  if (extra.length > 0) throw raidError(`Additional properties are not allowed (${extra.join(', ')})`);
  return body as JsonObject;
}
