import type { InventoryDisk, JsonObject, JsonValue } from '../../core/index.js';
import { deviceNotFound } from './disk-errors.js';
import {
  matchesIntegerHint,
  matchesStringHint,
  parseIntegerHint,
  parseStringHint,
  type IntegerHint,
  type StringHint,
} from './hint-expression.js';

// Root device hints as Ironic documents them and IPA applies them (ironic_python_agent/device_hints.py,
// formerly ironic-lib): every hint must match; the first matching disk in listing order wins; no hints means
// the smallest disk of at least 4 GiB (utils.guess_root_disk).

/** Hint names and their types (device_hints.VALID_ROOT_DEVICE_HINTS). */
const HINT_TYPES = {
  size: 'integer',
  model: 'string',
  wwn: 'string',
  serial: 'string',
  vendor: 'string',
  wwn_with_extension: 'string',
  wwn_vendor_extension: 'string',
  name: 'string',
  rotational: 'boolean',
  hctl: 'string',
  by_path: 'string',
  tran: 'string',
} as const;
type HintName = keyof typeof HINT_TYPES;

/** Smallest disk IPA picks without hints (guess_root_disk min_size_required). */
export const MIN_ROOT_DISK_BYTES = 4 * 1024 ** 3;
const GIB = 1024 ** 3;

/** One validated hint. */
export type ParsedHint =
  | { name: HintName; hint: StringHint | IntegerHint }
  | { name: 'rotational'; hint: { kind: 'boolean'; value: boolean } };

/** Validates hints (IPA parse_root_device_hints); throws DeviceNotFound naming the bad hint. */
export function parseRootDeviceHints(hints: JsonObject): ParsedHint[] {
  const invalid = Object.keys(hints).filter((k) => !(k in HINT_TYPES));
  if (invalid.length > 0) {
    throw deviceNotFound(
      `The hints "${invalid.join(', ')}" are invalid. Valid hints are: "${Object.keys(HINT_TYPES).join(', ')}"`,
    );
  }
  try {
    return Object.entries(hints).map(([name, value]) => parseHint(name as HintName, value));
  } catch (error) {
    throw deviceNotFound(`Root device hints ${JSON.stringify(hints)} failed to validate: ${(error as Error).message}`);
  }
}

function parseHint(name: HintName, value: JsonValue): ParsedHint {
  switch (HINT_TYPES[name]) {
    case 'boolean':
      return { name: 'rotational', hint: { kind: 'boolean', value: parseBoolean(name, value) } };
    case 'integer':
      if (typeof value !== 'string' && typeof value !== 'number')
        throw new Error(`root device hint "${name}" is not an integer value: ${JSON.stringify(value)}`);
      return { name, hint: parseIntegerHint(name, String(value)) };
    case 'string': {
      if (typeof value !== 'string')
        throw new Error(`root device hint "${name}" is not a string value: ${JSON.stringify(value)}`);
      const hint = parseStringHint(name, value);
      // Ferro accepts `name: sda` for `/dev/sda`; IPA compares the name as given.
      if (name === 'name') hint.values = hint.values.map((v) => (v.startsWith('/') ? v : `/dev/${v}`));
      return { name, hint };
    }
  }
}

/** oslo strutils.bool_from_string(strict=True). */
function parseBoolean(name: string, value: JsonValue): boolean {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : '';
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(text)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(text)) return false;
  throw new Error(`root device hint "${name}" is not a Boolean value: ${JSON.stringify(value)}`);
}

/** Whether `disk` satisfies every hint (IPA find_devices_by_hints for one device). */
export function matchesRootDeviceHints(disk: InventoryDisk, hints: readonly ParsedHint[]): boolean {
  return hints.every(({ name, hint }) => {
    if (hint.kind === 'boolean') return disk.rotational === hint.value;
    if (hint.kind === 'integer') return matchesIntegerHint(hint, disk.size / GIB);
    const value = disk[name as Exclude<HintName, 'size' | 'rotational'>];
    return matchesStringHint(hint, value ?? null);
  });
}

/**
 * The disk to deploy to. With hints: the first disk (in the given order) matching all of them. Without:
 * the smallest disk of at least 4 GiB, ties broken by name so BIOSes that try only the first disk boot it.
 * Throws DeviceNotFound naming the hints and every disk seen.
 */
export function chooseRootDevice(disks: readonly InventoryDisk[], hints: JsonObject | undefined): InventoryDisk {
  if (hints === undefined || Object.keys(hints).length === 0) return smallestUsableDisk(disks);
  const parsed = parseRootDeviceHints(hints);
  const found = disks.find((disk) => matchesRootDeviceHints(disk, parsed));
  if (found === undefined) {
    throw deviceNotFound(
      `No suitable device was found for deployment using these hints ${JSON.stringify(hints)}; disks: ${describeDisks(disks)}`,
    );
  }
  return found;
}

function smallestUsableDisk(disks: readonly InventoryDisk[]): InventoryDisk {
  const sorted = [...disks].sort((a, b) => a.size - b.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found = sorted.find((disk) => disk.size >= MIN_ROOT_DISK_BYTES);
  if (found === undefined) {
    throw deviceNotFound(
      `No suitable device was found for deployment - root device hints were not provided and all found block devices are smaller than ${MIN_ROOT_DISK_BYTES}B; disks: ${describeDisks(disks)}`,
    );
  }
  return found;
}

/** "/dev/vda 10 GiB serial S1 model M wwn W rotational false, …" for error messages. */
export function describeDisks(disks: readonly InventoryDisk[]): string {
  if (disks.length === 0) return '(none)';
  return disks
    .map((d) => {
      const size = Number.isInteger(d.size / GIB) ? `${d.size / GIB} GiB` : `${(d.size / GIB).toFixed(2)} GiB`;
      const extra = (['serial', 'model', 'vendor', 'wwn', 'hctl', 'by_path'] as const)
        .filter((k) => d[k] !== null && d[k] !== '')
        .map((k) => `${k} ${String(d[k])}`);
      return [d.name, size, ...extra, `rotational ${d.rotational}`].join(' ');
    })
    .join('; ');
}
