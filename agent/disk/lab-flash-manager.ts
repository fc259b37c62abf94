import { open, stat } from 'node:fs/promises';
import type {
  FirmwareComponentInfo,
  FirmwareUpdate,
  HardwareManager,
  ManagerContext,
} from '../hardware-managers/hardware-manager.js';
import { HardwareSupport } from '../hardware-managers/hardware-manager.js';
import type { DiskEnvironment } from './disk-environment.js';
import { defaultDiskDeps, type DiskDeps } from './disk-deps.js';
import { firmwareUpdateError } from './disk-errors.js';
import { downloadBytes, type DownloadBytes } from './download-bytes.js';
import { digestOf, parseFirmwareChecksum } from './firmware-checksum.js';
import {
  LAB_FLASH_HEADER_BYTES,
  LAB_FLASH_SERIAL,
  parseLabFlashHeader,
  verifyLabFlashImage,
} from './lab-flash-image.js';
import { labFlashFilePath, listBlockDevices } from './list-disks.js';

export { buildLabFlashImage } from './lab-flash-image.js';

/** What the lab flash manager uses: the disk deps plus an HTTP downloader (a fake in unit tests). */
export interface LabFlashDeps extends DiskDeps {
  download: DownloadBytes;
}

/** Where the flash is and how big. */
interface Flash {
  path: string;
  sizeBytes: number;
  isBlockDevice: boolean;
}

/**
 * Ferro's lab firmware manager: the lab VM's extra virtio disk with serial FERRO-LAB-FLASH plays a SPI flash
 * chip holding one firmware component (format in lab-flash-image.ts). In file-disk mode the flash is the file
 * lab-flash.img beside the first file disk. Support is ServiceProvider when the flash exists, else None.
 * An update is downloaded and fully verified (checksum, magic, component, payload hash, size) BEFORE the
 * first byte is written, so a bad image leaves the old firmware intact; then it is written, flushed, read
 * back and verified again.
 */
export function createLabFlashManager(
  env: DiskEnvironment,
  deps: LabFlashDeps = { ...defaultDiskDeps, download: downloadBytes },
): HardwareManager {
  const locate = () => locateFlash(env, deps);
  return {
    name: 'ferro_lab_flash',
    version: '1.0',
    evaluateHardwareSupport: async () =>
      (await locate().catch(() => undefined)) === undefined ? HardwareSupport.None : HardwareSupport.ServiceProvider,
    listFirmwareComponents: async () => {
      const flash = await locate();
      const header =
        flash === undefined ? undefined : parseLabFlashHeader(await readFlash(flash.path, LAB_FLASH_HEADER_BYTES));
      return header === undefined ? [] : [{ component: header.component, current_version: header.version }];
    },
    updateFirmware: (update, ctx) => updateLabFlash(update, ctx, locate, deps),
  };
}

async function locateFlash(env: DiskEnvironment, deps: DiskDeps): Promise<Flash | undefined> {
  if (env.fileDisks.length > 0) {
    const path = labFlashFilePath(env);
    const info = path === undefined ? undefined : await stat(path).catch(() => undefined);
    return path !== undefined && info?.isFile() === true
      ? { path, sizeBytes: info.size, isBlockDevice: false }
      : undefined;
  }
  const device = (await listBlockDevices(deps)).find((d) => d.serial === LAB_FLASH_SERIAL);
  return device === undefined ? undefined : { path: device.name, sizeBytes: device.size, isBlockDevice: true };
}

async function updateLabFlash(
  update: FirmwareUpdate,
  ctx: ManagerContext,
  locate: () => Promise<Flash | undefined>,
  deps: LabFlashDeps,
): Promise<FirmwareComponentInfo> {
  const flash = await locate();
  if (flash === undefined)
    throw firmwareUpdateError(`no lab flash device (a disk with serial ${LAB_FLASH_SERIAL}) on this machine`);
  const current = parseLabFlashHeader(await readFlash(flash.path, LAB_FLASH_HEADER_BYTES));
  if (current === undefined)
    throw firmwareUpdateError(
      `the lab flash ${flash.path} holds no firmware image (blank or foreign content); refusing to guess its component`,
    );
  if (current.component !== update.component)
    throw firmwareUpdateError(`the lab flash holds component "${current.component}", not "${update.component}"`);
  const image = await fetchVerifiedImage(update, flash, ctx, deps);
  ctx.progress(`firmware ${update.component}: writing ${image.length} bytes to ${flash.path}`);
  await writeFlash(flash.path, image);
  if (flash.isBlockDevice) await deps.run('blockdev', ['--flushbufs', flash.path], { signal: ctx.signal }); // read back from the device, not the page cache
  const readBack = await readFlash(flash.path, image.length);
  if (!readBack.equals(image)) throw firmwareUpdateError(`read-back of ${flash.path} differs from the image written`);
  const header = verifyLabFlashImage(readBack);
  return { component: header.component, current_version: header.version };
}

/** Downloads and checks everything about the image; nothing is written until this returns. */
async function fetchVerifiedImage(
  update: FirmwareUpdate,
  flash: Flash,
  ctx: ManagerContext,
  deps: LabFlashDeps,
): Promise<Buffer> {
  const fail = (what: string) =>
    firmwareUpdateError(
      `firmware image ${update.url} for ${update.component} refused, the flash is unchanged: ${what}`,
    );
  let checksum;
  try {
    checksum = parseFirmwareChecksum(update.checksum);
  } catch (error) {
    throw fail((error as Error).message);
  }
  ctx.progress(`firmware ${update.component}: downloading ${update.url}`);
  const image = await deps.download(update.url, flash.sizeBytes, ctx.signal).catch((error: unknown) => {
    throw fail(`download failed: ${(error as Error).message}`);
  });
  const actual = digestOf(image, checksum);
  if (actual !== checksum.hex) throw fail(`${checksum.algorithm} is ${actual}, expected ${checksum.hex}`);
  let header;
  try {
    header = verifyLabFlashImage(image);
  } catch (error) {
    throw fail((error as Error).message);
  }
  if (header.component !== update.component) throw fail(`the image is for component "${header.component}"`);
  if (update.version !== undefined && header.version !== update.version)
    throw fail(`the image holds version "${header.version}", the request asked for "${update.version}"`);
  return image;
}

async function readFlash(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function writeFlash(path: string, image: Buffer): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    for (let done = 0; done < image.length;) {
      const { bytesWritten } = await handle.write(image, done, image.length - done, done);
      if (bytesWritten <= 0) throw firmwareUpdateError(`short write to ${path} at byte ${done}`);
      done += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}
