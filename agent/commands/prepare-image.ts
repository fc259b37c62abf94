import type { JsonObject, JsonValue, Logger } from '../../core/index.js';
import { rootDeviceHints, type Dispatcher } from '../hardware-managers/dispatcher.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import type { WriteImageResult } from '../image/write-image.js';
import { defaultDiskDeps } from '../disk/disk-deps.js';
import { isPartitionImage } from './partition-image-options.js';
import { detectBootMode, preparePartitionImage, type PartitionImageDeps } from './prepare-partition-image.js';

/** What writing an image needs. */
export interface PrepareImageDeps {
  dispatcher: Dispatcher;
  writeImage(imageInfo: JsonObject, targetPath: string, ctx: ManagerContext): Promise<WriteImageResult>;
  log: Logger;
  /** Partitioning and boot mode detection for partition images; defaults to the real machine. */
  partitionImage?: Omit<PartitionImageDeps, 'writeImage'>;
}

/**
 * standby.prepare_image and the write_image step (IPA standby.py): picks the install device through the
 * hardware managers (root device hints from the node, or the software RAID device), streams the image onto
 * it and reports IPA's result message plus Ferro's measurements. A partition image gets a fresh partition
 * table and goes into its root partition; the result then carries IPA's `root uuid` (and `efi system
 * partition uuid`), also as `root_uuid=<uuid>` in the message, which is what Ironic parses.
 */
export async function prepareImage(
  deps: PrepareImageDeps,
  imageInfo: JsonObject,
  configdrive: JsonValue | undefined,
  ctx: ManagerContext,
): Promise<JsonObject> {
  const manager = deps.dispatcher.first('getOsInstallDevice');
  if (manager?.getOsInstallDevice === undefined) throw new Error('no hardware manager can choose an install device');
  const device = await manager.getOsInstallDevice(rootDeviceHints(ctx.node));
  const id = typeof imageInfo['id'] === 'string' ? imageInfo['id'] : 'unknown';
  const partitioned = isPartitionImage(imageInfo)
    ? await preparePartitionImage({ ...(deps.partitionImage ?? defaultPartitionDeps), writeImage: (info, target, c) => deps.writeImage(info, target, c) }, imageInfo, device, ctx)
    : undefined;
  if (partitioned === undefined) ctx.progress(`write_image: writing image ${id} to ${device.name}`);
  const written = partitioned?.written ?? (await deps.writeImage(imageInfo, device.name, ctx));
  ctx.progress(
    `write_image: done, ${Math.round(written.bytesWritten / 1_048_576)} MiB written in ${written.seconds.toFixed(1)} s`,
  );
  const result: JsonObject = {
    result: `prepare_image: image (${id}) written to device ${device.name}${uuidMessage(partitioned?.uuids)}`,
    root_device: device.name,
    image: { ...written, checksum: { ...written.checksum } },
    ...partitioned?.uuids,
  };
  if (hasConfigdrive(configdrive)) {
    // IPA writes a config drive partition after the image; Ferro does not yet (see agent/README.md).
    deps.log.warn({ device: device.name }, 'a config drive was sent but is not written: not supported yet');
    result['configdrive'] = 'not written: config drives are not supported by this agent yet';
  }
  return result;
}

const defaultPartitionDeps: Omit<PartitionImageDeps, 'writeImage'> = { disk: defaultDiskDeps, currentBootMode: () => detectBootMode() };

/** IPA standby _message_format: ` root_uuid=<uuid>` (and ` efi_system_partition_uuid=<uuid>` for UEFI). */
function uuidMessage(uuids: JsonObject | undefined): string {
  if (uuids === undefined) return '';
  const root = uuids['root uuid'];
  const efi = uuids['efi system partition uuid'];
  return ` root_uuid=${String(root)}${typeof efi === 'string' ? ` efi_system_partition_uuid=${efi}` : ''}`;
}

function hasConfigdrive(value: JsonValue | undefined): boolean {
  return (
    value !== undefined &&
    value !== null &&
    value !== '' &&
    !(typeof value === 'object' && Object.keys(value).length === 0)
  );
}
