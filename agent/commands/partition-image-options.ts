import type { JsonObject, JsonValue } from '../../core/index.js';
import type { BootMode, DiskLabel } from '../disk/partition-layout.js';
import { isJsonObject } from './agent-command.js';
import { invalidCommandParams } from './agent-error.js';

/** image_info's partition-image fields, validated (IPA _write_partition_image reads the same keys). */
export interface PartitionImageOptions {
  rootMb: number;
  swapMb: number;
  ephemeralMb: number;
  ephemeralFormat: string;
  preserveEphemeral: boolean;
  /** Undefined: not said by the conductor; the caller detects the ramdisk's own boot mode. */
  bootMode: BootMode | undefined;
  diskLabel: DiskLabel | undefined;
}

/** True when image_info describes a partition image (Ironic sets image_type; older ones send kernel+ramdisk). */
export function isPartitionImage(imageInfo: JsonObject): boolean {
  if (imageInfo['image_type'] === 'partition') return true;
  if (imageInfo['image_type'] === 'whole-disk') return false;
  return typeof imageInfo['kernel'] === 'string' && typeof imageInfo['ramdisk'] === 'string';
}

/**
 * Reads the layout from image_info, falling back to the node (IPA get_node_boot_mode and
 * get_partition_table_type_from_specs: instance_info deploy_boot_mode, then the boot_mode / disk_label
 * capabilities of instance_info and properties).
 */
export function partitionImageOptions(imageInfo: JsonObject, node: JsonObject): PartitionImageOptions {
  const instanceInfo = isJsonObject(node['instance_info']) ? node['instance_info'] : {};
  const properties = isJsonObject(node['properties']) ? node['properties'] : {};
  const capability = (name: string): string | undefined => capabilityOf(instanceInfo['capabilities'], name) ?? capabilityOf(properties['capabilities'], name);
  const bootMode = oneOf('boot_mode', ['bios', 'uefi'] as const, imageInfo['deploy_boot_mode'] ?? imageInfo['boot_mode'] ?? instanceInfo['deploy_boot_mode'] ?? capability('boot_mode'));
  const diskLabel = oneOf('disk_label', ['msdos', 'gpt'] as const, imageInfo['disk_label'] ?? capability('disk_label'));
  const format = imageInfo['ephemeral_format'];
  return {
    rootMb: mebibytes(imageInfo, 'root_mb'),
    swapMb: mebibytes(imageInfo, 'swap_mb'),
    ephemeralMb: mebibytes(imageInfo, 'ephemeral_mb'),
    ephemeralFormat: typeof format === 'string' && /^[a-z0-9]+$/.test(format) ? format : 'ext4',
    preserveEphemeral: imageInfo['preserve_ephemeral'] === true || imageInfo['preserve_ephemeral'] === 'True',
    bootMode,
    diskLabel,
  };
}

/** `value` when it is one of `allowed`, undefined when absent; anything else is refused by name. */
function oneOf<T extends string>(name: string, allowed: readonly T[], value: JsonValue | undefined): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw invalidCommandParams(`${name} must be ${allowed.join(' or ')}, not ${JSON.stringify(value)}`);
  return found;
}

/** Ironic sends sizes as integers or numeric strings; absent or null means 0 (no partition / rest of disk). */
function mebibytes(imageInfo: JsonObject, key: string): number {
  const raw: JsonValue | undefined = imageInfo[key];
  if (raw === undefined || raw === null || raw === '') return 0;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalidCommandParams(`image_info.${key} must be a whole number of MiB >= 0, not ${JSON.stringify(raw)}`);
  return value;
}

/** A capability from Ironic's "k1:v1,k2:v2" string or an object. */
function capabilityOf(capabilities: JsonValue | undefined, name: string): string | undefined {
  if (isJsonObject(capabilities)) {
    const value = capabilities[name];
    return typeof value === 'string' ? value : undefined;
  }
  if (typeof capabilities !== 'string') return undefined;
  for (const pair of capabilities.split(',')) {
    const [key, value] = pair.split(':');
    if (key?.trim() === name && value !== undefined) return value.trim();
  }
  return undefined;
}
