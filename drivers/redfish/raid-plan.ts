import { InvalidParameterValue, type JsonObject, type JsonValue } from '../../core/index.js';
import { isObject, numberAt, stringAt, stringsAt } from './json-fields.js';

/** Ironic RAID level -> Redfish RAIDType (Volume.v1 RAIDType) and the fewest drives it needs. */
export const RAID_LEVELS: Readonly<Record<string, { type: string; minDrives: number }>> = {
  '0': { type: 'RAID0', minDrives: 1 }, '1': { type: 'RAID1', minDrives: 2 }, '5': { type: 'RAID5', minDrives: 3 },
  '6': { type: 'RAID6', minDrives: 4 }, '1+0': { type: 'RAID10', minDrives: 4 }, '5+0': { type: 'RAID50', minDrives: 6 },
  '6+0': { type: 'RAID60', minDrives: 8 },
};

/** A storage subsystem as RAID planning needs it. */
export interface StorageCandidate {
  id: string;
  path: string;
  volumesPath: string | undefined;
  /** Union of the controllers' SupportedRAIDTypes; undefined when no controller says. */
  raidTypes: string[] | undefined;
  drives: { path: string; id: string; name: string; capacityBytes: number; mediaType: string | undefined; protocol: string | undefined }[];
  /** Drive paths already in volumes. */
  usedDrives: Set<string>;
}

/** One volume to create. */
export interface PlannedVolume {
  storage: StorageCandidate;
  disk: JsonObject;
  body: JsonObject;
  drivePaths: string[];
}

const GIB = 1024 ** 3;

/** Checks `target_raid_config` like Ironic's schema (ironic/common/raid.py) for the levels Redfish can build. */
export function checkRaidConfig(nodeId: string, config: JsonObject): JsonObject[] {
  const disks = config['logical_disks'];
  if (!Array.isArray(disks) || disks.length === 0) {
    throw new InvalidParameterValue(`RAID config validation error for node ${nodeId}: 'logical_disks' must be a non-empty list.`);
  }
  return disks.map((disk, index) => {
    const where = `RAID config validation error for node ${nodeId}: logical disk ${index}`;
    if (!isObject(disk)) throw new InvalidParameterValue(`${where} is not an object.`);
    const size = disk['size_gb'];
    if (!(size === 'MAX' || (typeof size === 'number' && Number.isInteger(size) && size > 0))) throw new InvalidParameterValue(`${where} needs size_gb: a positive integer or "MAX".`);
    const level = disk['raid_level'];
    if (typeof level !== 'string' || RAID_LEVELS[level] === undefined) throw new InvalidParameterValue(`${where} needs raid_level, one of ${Object.keys(RAID_LEVELS).join(', ')}.`);
    return disk;
  });
}

/** Picks a storage subsystem and drives for each logical disk; throws InvalidParameterValue when one cannot fit. */
export function planVolumes(nodeId: string, disks: JsonObject[], storages: StorageCandidate[]): PlannedVolume[] {
  const taken = new Set(storages.flatMap((s) => [...s.usedDrives]));
  return disks.map((disk) => {
    const level = RAID_LEVELS[String(disk['raid_level'])];
    if (!level) throw new InvalidParameterValue(`Node ${nodeId}: unknown raid_level ${String(disk['raid_level'])}.`);
    const controller = stringAt(disk, 'controller');
    const fits = storages.filter((s) => s.volumesPath !== undefined && (s.raidTypes === undefined || s.raidTypes.includes(level.type))
      && (controller === undefined || s.id === controller || s.path === controller));
    for (const storage of fits) {
      const drives = pickDrives(disk, storage, level.minDrives, disk['share_physical_disks'] === true ? new Set() : taken);
      if (!drives) continue;
      drives.forEach((d) => taken.add(d));
      return { storage, disk, drivePaths: drives, body: volumeBody(disk, level.type, drives) };
    }
    throw new InvalidParameterValue(`Node ${nodeId}: no storage controller can build RAID ${String(disk['raid_level'])} with the drives requested (${JSON.stringify(disk)}).`);
  });
}

function pickDrives(disk: JsonObject, storage: StorageCandidate, minDrives: number, taken: Set<string>): string[] | undefined {
  const named = stringsAt(disk, 'physical_disks');
  if (named.length) {
    const found = named.map((n) => storage.drives.find((d) => d.id === n || d.path === n || d.name === n)?.path);
    return found.every((p): p is string => p !== undefined) ? found : undefined;
  }
  const wantType = stringAt(disk, 'disk_type')?.toUpperCase();
  const wantProtocol = stringAt(disk, 'interface_type')?.toUpperCase();
  const free = storage.drives
    .filter((d) => !taken.has(d.path) && (wantType === undefined || d.mediaType?.toUpperCase() === wantType)
      && (wantProtocol === undefined || d.protocol?.toUpperCase() === wantProtocol))
    .sort((a, b) => a.capacityBytes - b.capacityBytes);
  const count = numberAt(disk, 'number_of_physical_disks') ?? minDrives;
  return count >= minDrives && free.length >= count ? free.slice(0, count).map((d) => d.path) : undefined;
}

/** The POST body for the Volumes collection (Volume.v1): CapacityBytes omitted for "MAX". */
function volumeBody(disk: JsonObject, raidType: string, drives: string[]): JsonObject {
  const size = disk['size_gb'];
  const name = stringAt(disk, 'volume_name');
  const drivesLinks: JsonValue[] = drives.map((path) => ({ '@odata.id': path }));
  return {
    RAIDType: raidType,
    Links: { Drives: drivesLinks },
    ...(typeof size === 'number' ? { CapacityBytes: size * GIB } : {}),
    ...(name !== undefined ? { Name: name } : {}),
  };
}
