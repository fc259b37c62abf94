import { InvalidParameterValue, MissingParameterValue, type JsonObject, type JsonValue, type NodeRef } from '../../core/index.js';
import { isJsonObject } from '../interfaces/index.js';

/** Root device hint names IPA understands (ironic/common/utils.py VALID_ROOT_DEVICE_HINTS). */
const ROOT_DEVICE_HINTS: ReadonlySet<string> = new Set([
  'size', 'model', 'wwn', 'serial', 'vendor', 'wwn_with_extension', 'wwn_vendor_extension', 'name', 'rotational', 'hctl', 'by_path',
]);

const DISK_FORMATS: ReadonlySet<string> = new Set(['raw', 'qcow2', 'vmdk', 'vdi', 'vhd', 'vhdx', 'iso', 'ami', 'ari', 'aki', 'ploop']);

/**
 * AgentDeploy.validate's instance_info checks, without touching the network: an http(s) image_source (Ferro
 * has no Glance), a checksum (image_checksum, or image_os_hash_algo + image_os_hash_value), a known
 * image_disk_format when given, and root_device hints of known names. deploy_kernel and deploy_ramdisk are
 * the boot interface's to check.
 */
export function validateInstanceInfo(node: Pick<NodeRef, 'uuid' | 'instance_info' | 'properties'>): void {
  const info = node.instance_info;
  const source = info['image_source'];
  if (typeof source !== 'string' || source === '') {
    throw new MissingParameterValue(`Node ${node.uuid} is missing the following parameters in instance_info: image_source`);
  }
  if (!/^https?:\/\//i.test(source)) {
    throw new InvalidParameterValue(`Node ${node.uuid}: instance_info.image_source must be an http(s) URL, not "${source}" (Ferro has no image service).`);
  }
  const hasChecksum = typeof info['image_checksum'] === 'string' && info['image_checksum'] !== '';
  const hasHash = typeof info['image_os_hash_algo'] === 'string' && typeof info['image_os_hash_value'] === 'string';
  if (!hasChecksum && !hasHash) {
    throw new MissingParameterValue(`Node ${node.uuid} is missing the following parameters in instance_info: image_checksum (or image_os_hash_algo and image_os_hash_value)`);
  }
  const format = info['image_disk_format'];
  if (format !== undefined && format !== null && (typeof format !== 'string' || !DISK_FORMATS.has(format))) {
    throw new InvalidParameterValue(`Node ${node.uuid}: instance_info.image_disk_format "${String(format)}" is not one of ${[...DISK_FORMATS].join(', ')}.`);
  }
  validateRootDeviceHints(node.uuid, info['root_device'] ?? node.properties['root_device']);
  const imageType = info['image_type'];
  if (imageType !== undefined && imageType !== null && imageType !== 'partition' && imageType !== 'whole-disk') {
    throw new InvalidParameterValue(`Node ${node.uuid}: invalid instance_info.image_type ${JSON.stringify(imageType)}, valid are partition, whole-disk.`);
  }
  if (isPartitionImage(node)) partitionLayout(node);
}

/**
 * Ironic's images.is_whole_disk_image for image_source URLs: instance_info.image_type when set, otherwise a
 * kernel or a ramdisk in instance_info marks a partition image (either one, as in Ironic).
 */
export function isPartitionImage(node: Pick<NodeRef, 'instance_info'>): boolean {
  const info = node.instance_info;
  const type = info['image_type'];
  if (typeof type === 'string' && type !== '') return type === 'partition';
  const given = (key: string): boolean => typeof info[key] === 'string' && info[key] !== '';
  return given('kernel') || given('ramdisk');
}

/** The partition sizes the agent gets, in MiB (IPA's image_info keys). */
export interface PartitionLayout {
  root_mb: number;
  swap_mb: number;
  ephemeral_mb: number;
}

/**
 * Ironic's deploy_utils.parse_instance_info for partition images: root_gb is required and becomes root_mb (x 1024),
 * ephemeral_gb becomes ephemeral_mb, swap_mb stays. Ferro also takes root_mb / ephemeral_mb when the GiB keys
 * are absent. Whole numbers (or their strings, as Ironic's int() takes them) only.
 */
export function partitionLayout(node: Pick<NodeRef, 'uuid' | 'instance_info'>): PartitionLayout {
  const info = node.instance_info;
  const size = (key: string): number | undefined => {
    const raw = info[key];
    if (raw === undefined || raw === null || raw === '') return undefined;
    const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new InvalidParameterValue(`Node ${node.uuid}: instance_info.${key} must be a whole number >= 0, not ${JSON.stringify(raw)}.`);
    }
    return value;
  };
  const rootGb = size('root_gb');
  const rootMb = rootGb === undefined ? size('root_mb') : rootGb * 1024;
  if (rootMb === undefined) {
    throw new MissingParameterValue(`Node ${node.uuid} is missing the following parameters in instance_info: root_gb (needed for a partition image)`);
  }
  const ephemeralGb = size('ephemeral_gb');
  return { root_mb: rootMb, swap_mb: size('swap_mb') ?? 0, ephemeral_mb: ephemeralGb === undefined ? (size('ephemeral_mb') ?? 0) : ephemeralGb * 1024 };
}

function validateRootDeviceHints(nodeUuid: string, hints: JsonValue | undefined): void {
  if (hints === undefined || hints === null) return;
  if (!isJsonObject(hints)) throw new InvalidParameterValue(`Node ${nodeUuid}: root_device must be a dictionary of hints.`);
  const unknown = Object.keys(hints).filter((k) => !ROOT_DEVICE_HINTS.has(k));
  if (unknown.length > 0) {
    throw new InvalidParameterValue(`Node ${nodeUuid}: no such root device hint(s): ${unknown.join(', ')}; valid hints are ${[...ROOT_DEVICE_HINTS].join(', ')}.`);
  }
}

/**
 * The image_info of standby.prepare_image (Ironic's AgentDeploy.write_image with
 * build_instance_info_for_deploy): the image URL, its formats and checksums, whole-disk or partition layout.
 */
export function imageInfo(node: Pick<NodeRef, 'uuid' | 'instance_info' | 'driver_internal_info'>, streamRawImages: boolean): JsonObject {
  const info = node.instance_info;
  const source = String(info['image_url'] ?? info['image_source'] ?? '');
  const partition = isPartitionImage(node);
  const out: JsonObject = {
    id: source.split('/').pop() ?? source,
    urls: [source],
    disk_format: (info['image_disk_format'] ?? null),
    container_format: (info['image_container_format'] ?? null),
    stream_raw_images: streamRawImages,
    image_type: partition ? 'partition' : 'whole-disk',
    node_uuid: node.uuid,
  };
  for (const key of ['image_checksum', 'image_os_hash_algo', 'image_os_hash_value'] as const) {
    const value = info[key];
    if (typeof value === 'string') out[key === 'image_checksum' ? 'checksum' : key.replace('image_', '')] = value;
  }
  const hints = info['root_device'];
  if (isJsonObject(hints)) out['root_hints'] = hints;
  if (partition) {
    Object.assign(out, partitionLayout(node));
    for (const key of ['ephemeral_format', 'preserve_ephemeral']) {
      const value = info[key];
      if (value !== undefined) out[key] = value;
    }
    // IPA reads these from its cached node; sending them makes the layout explicit (ironic.md §5.6).
    const bootMode = deployBootMode(node);
    if (bootMode !== undefined) out['deploy_boot_mode'] = bootMode;
    const label = capability(node, 'disk_label');
    if (label === 'msdos' || label === 'gpt') out['disk_label'] = label;
  }
  return out;
}

/**
 * The boot mode the instance is deployed for, when the node says (Ironic boot_mode_utils.get_boot_mode:
 * instance_info deploy_boot_mode, then the boot_mode capability of instance_info, then of properties).
 */
export function deployBootMode(node: Pick<NodeRef, 'instance_info'> & Partial<Pick<NodeRef, 'properties'>>): 'bios' | 'uefi' | undefined {
  const mode = node.instance_info['deploy_boot_mode'] ?? capability(node, 'boot_mode');
  return mode === 'bios' || mode === 'uefi' ? mode : undefined;
}

/** A capability from instance_info, then properties: Ironic's "k1:v1,k2:v2" string or an object. */
function capability(node: Pick<NodeRef, 'instance_info'> & Partial<Pick<NodeRef, 'properties'>>, name: string): string | undefined {
  for (const caps of [node.instance_info['capabilities'], node.properties?.['capabilities']]) {
    if (isJsonObject(caps) && typeof caps[name] === 'string') return caps[name];
    if (typeof caps !== 'string') continue;
    const pair = caps.split(',').map((p) => p.split(':')).find(([k]) => k?.trim() === name);
    if (pair?.[1] !== undefined) return pair[1].trim();
  }
  return undefined;
}
