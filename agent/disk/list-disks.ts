import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { InventoryDisk } from '../../core/index.js';
import { readByPathLinks, readDeviceFacts } from './block-device-facts.js';
import type { DiskEnvironment } from './disk-environment.js';
import { defaultDiskDeps, type DiskDeps } from './disk-deps.js';
import { blockDeviceError } from './disk-errors.js';
import { LAB_FLASH_FILE_NAME, LAB_FLASH_SERIAL } from './lab-flash-image.js';
import { LSBLK_ARGS, parseLsblkReport, type LsblkDevice } from './lsblk-report.js';

/** A listed device plus what the erase step needs and the inventory does not carry. */
export interface BlockDevice extends InventoryDisk {
  readOnly: boolean;
}

/**
 * The machine's disks as IPA's list_block_devices reports them (hardware.py list_all_block_devices):
 * lsblk's whole devices of type disk, hardware/software RAID volumes (type raid*) and multipath maps; no
 * RAM disks, zram, floppies, loop devices, CD-ROMs or empty devices. Like IPA, read-only and removable disks
 * are listed (erase skips read-only ones). The lab flash disk (serial FERRO-LAB-FLASH) is hidden.
 * In file-disk mode (env.fileDisks non-empty) each file is a disk and nothing of the host is looked at.
 */
export async function listDisks(
  env: DiskEnvironment,
  signal?: AbortSignal,
  deps: DiskDeps = defaultDiskDeps,
): Promise<InventoryDisk[]> {
  if (env.fileDisks.length > 0) return listFileDisks(env.fileDisks);
  return (await listBlockDevices(deps, signal)).filter((d) => d.serial !== LAB_FLASH_SERIAL).map(toInventoryDisk);
}

/** Every listable whole device, lab flash included, with its read-only flag. */
export async function listBlockDevices(deps: DiskDeps, signal?: AbortSignal, only: readonly string[] = []): Promise<BlockDevice[]> {
  let stdout: string;
  try {
    // Named devices are listed even when they have slaves: `--nodeps` alone leaves md arrays out (they are
    // children of their member disks in lsblk's tree).
    stdout = (await deps.run('lsblk', [...LSBLK_ARGS, ...only], signal === undefined ? {} : { signal })).stdout;
  } catch (error) {
    throw blockDeviceError(`lsblk failed: ${(error as Error).message}`);
  }
  const byPaths = await readByPathLinks(deps);
  const devices: BlockDevice[] = [];
  for (const row of parseLsblkReport(stdout).filter(isListable)) {
    devices.push(await toBlockDevice(row, byPaths, deps));
  }
  return devices;
}

/** IPA's filters: type disk, *raid*, md or mpath; not ram/zram/fd; not empty. */
function isListable(row: LsblkDevice): boolean {
  const typeOk = row.type === 'disk' || row.type.includes('raid') || row.type === 'md' || row.type === 'mpath';
  return typeOk && !/^(ram|zram|fd|loop|sr)/.test(row.kname) && row.size > 0;
}

async function toBlockDevice(
  row: LsblkDevice,
  byPaths: ReadonlyMap<string, string>,
  deps: DiskDeps,
): Promise<BlockDevice> {
  const facts = await readDeviceFacts(row.kname, row.majMin, byPaths, deps);
  return {
    name: join(deps.devRoot, row.kname),
    model: row.model ?? '',
    size: row.size,
    rotational: row.rota,
    wwn: row.wwn ?? facts.wwn,
    serial: row.serial ?? facts.serial,
    vendor: facts.vendor ?? row.vendor,
    wwn_with_extension: facts.wwnWithExtension,
    wwn_vendor_extension: facts.wwnVendorExtension,
    hctl: facts.hctl ?? row.hctl,
    by_path: facts.byPath,
    uuid: row.uuid,
    partuuid: row.partuuid,
    logical_sectors: row.logSec,
    physical_sectors: row.phySec,
    tran: row.tran,
    readOnly: row.ro || facts.readOnly,
  };
}

function toInventoryDisk(device: BlockDevice): InventoryDisk {
  const { readOnly: _readOnly, ...disk } = device;
  return disk;
}

/** File-disk mode: name = path, size = file size, serial = basename, not rotational, the rest null. */
async function listFileDisks(files: readonly string[]): Promise<InventoryDisk[]> {
  const disks: InventoryDisk[] = [];
  for (const file of files) {
    if (basename(file) === LAB_FLASH_FILE_NAME) continue; // the lab flash, never a disk
    const info = await stat(file).catch((error: unknown) => {
      throw blockDeviceError(`file disk ${file} is not readable: ${(error as Error).message}`);
    });
    if (!info.isFile()) throw blockDeviceError(`file disk ${file} is not a regular file`);
    disks.push({
      name: file,
      model: '',
      size: info.size,
      rotational: false,
      wwn: null,
      serial: basename(file),
      vendor: null,
      wwn_with_extension: null,
      wwn_vendor_extension: null,
      hctl: null,
      by_path: null,
      logical_sectors: null,
      physical_sectors: null,
      tran: null,
    });
  }
  return disks;
}

/** In file-disk mode, where the lab flash file lives: beside the first file disk. */
export function labFlashFilePath(env: DiskEnvironment): string | undefined {
  const [first] = env.fileDisks;
  return first === undefined ? undefined : join(dirname(first), LAB_FLASH_FILE_NAME);
}
