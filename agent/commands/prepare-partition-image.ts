import { access } from 'node:fs/promises';
import type { InventoryDisk, JsonObject } from '../../core/index.js';
import type { DiskDeps } from '../disk/disk-deps.js';
import { blockUuid, partitionDisk } from '../disk/partition-disk.js';
import { planPartitions, type BootMode } from '../disk/partition-layout.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import type { WriteImageResult } from '../image/write-image.js';
import { invalidCommandParams } from './agent-error.js';
import { partitionImageOptions } from './partition-image-options.js';

/** What writing a partition image needs besides the disk. */
export interface PartitionImageDeps {
  disk: DiskDeps;
  writeImage(imageInfo: JsonObject, targetPath: string, ctx: ManagerContext): Promise<WriteImageResult>;
  /** The ramdisk's own boot mode when neither image_info nor the node says (IPA get_current_boot_mode). */
  currentBootMode(): Promise<BootMode>;
}

/** IPA's partition_uuids (standby get_partition_uuids) plus what was written. */
export interface PartitionImageResult {
  uuids: JsonObject;
  written: WriteImageResult;
}

/** IPA get_current_boot_mode: the kernel exposes /sys/firmware/efi only when booted by UEFI. */
export async function detectBootMode(sysfsRoot = '/sys'): Promise<BootMode> {
  return access(`${sysfsRoot}/firmware/efi`).then(() => 'uefi' as const, () => 'bios' as const);
}

/**
 * IPA _write_partition_image + partition_utils.work_on_disk: a fresh table on `device`, the image streamed
 * into the root partition by the whole-disk writer, and the UUIDs Ironic later hands to install_bootloader:
 * `root uuid` (file system UUID, else PARTUUID) and, for UEFI, `efi system partition uuid`.
 */
export async function preparePartitionImage(deps: PartitionImageDeps, imageInfo: JsonObject, device: InventoryDisk, ctx: ManagerContext): Promise<PartitionImageResult> {
  const options = partitionImageOptions(imageInfo, ctx.node);
  // IPA keeps the old table when preserving the ephemeral partition; Ferro always repartitions, so refuse.
  if (options.preserveEphemeral) throw invalidCommandParams('preserve_ephemeral is not supported by the Ferro agent: it always writes a fresh partition table');
  // A table on the md array would hide the BIOS boot code and the ESP from the firmware, which reads the member
  // disks; IPA partitions each member instead. Not built yet: refuse before touching the disks.
  if (/^\/dev\/md/.test(device.name)) {
    throw invalidCommandParams(`partition images on software RAID (${device.name}) are not supported by the Ferro agent: deploy a whole-disk image onto the RAID volume`);
  }
  const bootMode = options.bootMode ?? (await deps.currentBootMode());
  const plan = planPartitions({
    diskBytes: device.size, rootMb: options.rootMb, swapMb: options.swapMb, ephemeralMb: options.ephemeralMb, bootMode,
    ...(options.diskLabel === undefined ? {} : { diskLabel: options.diskLabel }),
  });
  ctx.progress(`write_image: partitioning ${device.name} (${plan.label}, ${bootMode}): ${plan.partitions.map((p) => p.role).join(', ')}`);
  const paths = await partitionDisk(deps.disk, device.name, plan, { ephemeralFormat: options.ephemeralFormat }, ctx.signal);
  const root = paths.root;
  if (root === undefined) throw new Error('partitioning produced no root partition'); // planPartitions always adds one
  ctx.progress(`write_image: writing image into root partition ${root}`);
  const written = await deps.writeImage(imageInfo, root, ctx);
  await deps.disk.run('partx', ['-u', device.name], { signal: ctx.signal, check: false });
  const esp = paths['efi system partition'];
  const uuids: JsonObject = {
    'root uuid': await blockUuid(deps.disk, root, ctx.signal),
    'efi system partition uuid': esp === undefined ? null : await blockUuid(deps.disk, esp, ctx.signal),
    partitions: { ...paths },
  };
  return { uuids, written };
}
