import type { InventoryDisk, JsonObject, JsonValue } from '../../core/index.js';
import { softwareRaidError } from './disk-errors.js';
import { matchesRootDeviceHints, parseRootDeviceHints } from './root-device-hints.js';

// Ferro's software RAID puts WHOLE DISKS into md arrays, because Ferro writes whole-disk images onto the
// array. The root volume is RAID-1 with metadata 1.0 (superblock at the END of each member), so every member
// disk starts with the image's own partition table and boot loader, and the firmware (BIOS or UEFI) boots
// any member as if it were a plain disk. RAID-0/5/6/10 stripe data, so no member holds a bootable image:
// they are allowed only for volumes that are not the root volume. Each volume takes its own disks.
// IPA instead partitions every disk and builds arrays from partitions (raid_utils.py); its validation rules
// (hardware.py validate_configuration) are kept where they still make sense.

/** The md array name of the root volume; softwareRaidRootDevice finds it by this name after a reboot. */
export const ROOT_ARRAY_NAME = 'ferro-root';

/** Ironic raid_level -> mdadm --level, with the fewest members each level needs. */
const LEVELS: Record<string, { mdadm: string; minDisks: number }> = {
  '0': { mdadm: '0', minDisks: 2 },
  '1': { mdadm: '1', minDisks: 2 },
  '5': { mdadm: '5', minDisks: 3 },
  '6': { mdadm: '6', minDisks: 4 },
  '1+0': { mdadm: '10', minDisks: 4 },
};

/** One array to build. */
export interface PlannedArray {
  /** md name: ferro-root for the root volume, else volume_name or ferro-<index>. */
  name: string;
  raidLevel: string;
  mdadmLevel: string;
  /** 'MAX' or GiB. */
  sizeGb: 'MAX' | number;
  isRootVolume: boolean;
  members: InventoryDisk[];
}

/** Validates target_raid_config and assigns disks; throws SoftwareRAIDError listing every problem. */
export function planSoftwareRaid(targetRaidConfig: JsonObject, disks: readonly InventoryDisk[]): PlannedArray[] {
  const logical = targetRaidConfig['logical_disks'];
  if (!Array.isArray(logical) || logical.length === 0) throw softwareRaidError('RAID config contains no logical disks');
  const problems: string[] = [];
  const parsed = logical.map((entry, index) => parseLogicalDisk(entry, index, problems));
  const explicitRoot = parsed.some((p) => p.isRootVolume === true);
  const anyFlag = parsed.some((p) => p.isRootVolume !== undefined);
  if (parsed.filter((p) => p.isRootVolume === true).length > 1)
    problems.push('Software RAID configuration allows only one logical disk to be marked as is_root_volume');
  const planned = parsed.map((p, index): PlannedArray => {
    // IPA: without is_root_volume anywhere, the first logical disk holds the root file system.
    const isRootVolume = explicitRoot ? p.isRootVolume === true : !anyFlag && index === 0;
    const name = isRootVolume ? ROOT_ARRAY_NAME : (p.volumeName ?? `ferro-${index}`);
    return {
      name,
      raidLevel: p.raidLevel,
      mdadmLevel: LEVELS[p.raidLevel]?.mdadm ?? '',
      sizeGb: p.sizeGb,
      isRootVolume,
      members: [],
    };
  });
  checkPlanned(planned, problems);
  if (problems.length === 0)
    assignDisks(
      planned,
      parsed.map((p) => p.physicalDisks),
      disks,
      problems,
    );
  if (problems.length > 0) throw softwareRaidError(`Could not validate Software RAID config: ${problems.join('; ')}`);
  return planned;
}

interface ParsedLogicalDisk {
  raidLevel: string;
  sizeGb: 'MAX' | number;
  isRootVolume: boolean | undefined;
  volumeName: string | undefined;
  physicalDisks: JsonObject[] | undefined;
}

function parseLogicalDisk(entry: JsonValue, index: number, problems: string[]): ParsedLogicalDisk {
  const at = `logical_disks[${index}]`;
  const ld = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry : {};
  if (ld !== entry) problems.push(`${at} must be an object`);
  if (ld['controller'] !== 'software')
    problems.push(`${at}: Software RAID configuration requires all logical disks to have 'controller'='software'`);
  const raidLevel = typeof ld['raid_level'] === 'number' ? String(ld['raid_level']) : ld['raid_level'];
  if (typeof raidLevel !== 'string' || !(raidLevel in LEVELS))
    problems.push(
      `${at}: Software RAID configuration does not support RAID level ${JSON.stringify(ld['raid_level'] ?? null)} (use one of ${Object.keys(LEVELS).join(', ')})`,
    );
  const size = ld['size_gb'];
  const sizeGb =
    size === 'MAX' ? 'MAX' : typeof size === 'number' && Number.isInteger(size) && size > 0 ? size : undefined;
  if (sizeGb === undefined)
    problems.push(`${at}: size_gb must be "MAX" or a positive integer (GiB), got ${JSON.stringify(size ?? null)}`);
  const root = ld['is_root_volume'];
  if (root !== undefined && typeof root !== 'boolean') problems.push(`${at}: is_root_volume must be true or false`);
  const volumeName = ld['volume_name'];
  if (volumeName !== undefined && (typeof volumeName !== 'string' || !/^[A-Za-z0-9_.-]{1,32}$/.test(volumeName)))
    problems.push(`${at}: volume_name must be 1 to 32 of A-Z a-z 0-9 _ . -`);
  const physical = ld['physical_disks'];
  const physicalOk =
    physical === undefined ||
    (Array.isArray(physical) &&
      physical.length >= 2 &&
      physical.every((h) => typeof h === 'object' && h !== null && !Array.isArray(h)));
  if (!physicalOk)
    problems.push(
      `${at}: The physical_disks parameter for software RAID must be a list with at least 2 items, each specifying a disk in the device hints format`,
    );
  return {
    raidLevel: typeof raidLevel === 'string' ? raidLevel : '',
    sizeGb: sizeGb ?? 'MAX',
    isRootVolume: typeof root === 'boolean' ? root : undefined,
    volumeName: typeof volumeName === 'string' ? volumeName : undefined,
    physicalDisks: physicalOk && physical !== undefined ? (physical as JsonObject[]) : undefined,
  };
}

function checkPlanned(planned: readonly PlannedArray[], problems: string[]): void {
  const names = planned.map((p) => p.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) problems.push(`Duplicate software RAID device name ${duplicate} detected`);
  for (const p of planned) {
    if (p.isRootVolume && p.raidLevel !== '1' && p.raidLevel in LEVELS) {
      problems.push(
        `RAID-${p.raidLevel} cannot hold the root volume: Ferro writes whole-disk images onto the array and only RAID-1 members (metadata 1.0) boot as plain disks; use raid_level "1" for the root volume and set is_root_volume false on the others`,
      );
    }
    if (p.sizeGb !== 'MAX' && p.raidLevel !== '1')
      problems.push(
        `RAID-${p.raidLevel} volume ${p.name}: size_gb must be "MAX" (Ferro builds it from whole disks; only RAID-1 can be limited to a size)`,
      );
  }
}

/**
 * Gives each volume its disks: those with physical_disks take the first unused disk matching each hint;
 * the one volume without takes every disk left. Whole disks cannot be shared between volumes.
 */
function assignDisks(
  planned: PlannedArray[],
  hints: ReadonlyArray<JsonObject[] | undefined>,
  disks: readonly InventoryDisk[],
  problems: string[],
): void {
  const free = disks.filter((d) => !/(^|\/)md[^/]*$/.test(d.name) && !d.name.includes('/md/')); // arrays are not members
  const take = (disk: InventoryDisk) => {
    free.splice(free.indexOf(disk), 1);
  };
  planned.forEach((array, index) => {
    for (const hint of hints[index] ?? []) {
      const parsed = safeParse(hint, problems);
      const found = parsed === undefined ? undefined : free.find((d) => matchesRootDeviceHints(d, parsed));
      if (parsed !== undefined && found === undefined)
        problems.push(`${array.name}: no unused disk matches physical_disks hint ${JSON.stringify(hint)}`);
      if (found !== undefined) {
        array.members.push(found);
        take(found);
      }
    }
  });
  const open = planned.filter((_, index) => hints[index] === undefined);
  if (open.length > 1)
    problems.push(
      'Ferro builds each software RAID volume from whole disks: give physical_disks for every logical disk but one',
    );
  for (const array of open) array.members.push(...free.splice(0));
  for (const array of planned) {
    const min = LEVELS[array.raidLevel]?.minDisks ?? 2;
    if (array.members.length < min)
      problems.push(
        `RAID-${array.raidLevel} volume ${array.name} needs at least ${min} disks, has ${array.members.length} (${array.members.map((d) => d.name).join(', ') || 'none'})`,
      );
    const sizeGb = array.sizeGb;
    if (sizeGb !== 'MAX' && array.members.some((d) => d.size < sizeGb * 1024 ** 3 + 1024 ** 2)) {
      problems.push(
        `volume ${array.name}: size_gb ${sizeGb} does not fit on ${array.members.map((d) => `${d.name} (${d.size} bytes)`).join(', ')}`,
      );
    }
  }
}

function safeParse(hint: JsonObject, problems: string[]): ReturnType<typeof parseRootDeviceHints> | undefined {
  try {
    return parseRootDeviceHints(hint);
  } catch (error) {
    problems.push(
      `physical_disks hint ${JSON.stringify(hint)}: ${(error as { details?: string }).details ?? String(error)}`,
    );
    return undefined;
  }
}
