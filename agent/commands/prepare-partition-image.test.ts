import { describe, expect, it } from 'vitest';
import { silentLogger, type InventoryDisk, type JsonObject } from '../../core/index.js';
import { diskDeps } from '../disk/disk-deps.js';
import { scriptedRunner } from '../disk/disk-test-fixtures.js';
import { createDispatcher } from '../hardware-managers/dispatcher.js';
import { HardwareSupport } from '../hardware-managers/hardware-manager.js';
import type { WriteImageResult } from '../image/write-image.js';
import { isPartitionImage, partitionImageOptions } from './partition-image-options.js';
import { prepareImage } from './prepare-image.js';

const GIB = 1024 ** 3;
const DISK: InventoryDisk = { name: '/dev/sda', model: '', size: 8 * GIB, rotational: false, wwn: null, serial: null, vendor: null, wwn_with_extension: null, wwn_vendor_extension: null, hctl: null, by_path: null };
const WRITTEN: WriteImageResult = { bytesWritten: 1, bytesSkipped: 0, seconds: 1, format: 'raw', checksum: { algorithm: 'sha256', value: 'x' } };

async function run(imageInfo: JsonObject, node: JsonObject = {}, disk: InventoryDisk = DISK) {
  const runner = scriptedRunner({ blkid: (args) => ({ stdout: args.at(-1) === '/dev/sda1' ? 'UUID=ESP-1\n' : 'UUID=root-1\n' }) });
  const targets: string[] = [];
  const manager = { name: 'm', version: '1', evaluateHardwareSupport: () => Promise.resolve(HardwareSupport.Generic), getOsInstallDevice: () => Promise.resolve(disk) };
  const deps = {
    dispatcher: await createDispatcher([manager], silentLogger),
    writeImage: (_i: JsonObject, target: string) => { targets.push(target); return Promise.resolve(WRITTEN); },
    log: silentLogger,
    partitionImage: { disk: diskDeps({ run: runner.run, isBlockDevice: () => Promise.resolve(true) }), currentBootMode: () => Promise.resolve('bios' as const) },
  };
  const result = await prepareImage(deps, { id: 'img', ...imageInfo }, undefined, { node, ports: [], signal: new AbortController().signal, progress: () => undefined });
  return { result, targets, calls: runner.calls };
}

describe('prepareImage with a partition image', () => {
  it('writes into the root partition and reports IPA root uuid and efi system partition uuid (UEFI from capabilities)', async () => {
    const { result, targets } = await run({ image_type: 'partition' }, { instance_info: { capabilities: 'boot_mode:uefi,disk_label:gpt' } });
    expect(targets).toEqual(['/dev/sda2']);
    expect(result).toMatchObject({
      result: 'prepare_image: image (img) written to device /dev/sda root_uuid=root-1 efi_system_partition_uuid=ESP-1',
      'root uuid': 'root-1', 'efi system partition uuid': 'ESP-1', partitions: { 'efi system partition': '/dev/sda1', root: '/dev/sda2' },
    });
  });

  it('falls back to the ramdisk boot mode (BIOS: msdos, root partition 1) and leaves whole-disk images alone', async () => {
    const partition = await run({ image_type: 'partition', root_mb: '1024' });
    expect(partition.targets).toEqual(['/dev/sda1']);
    expect(partition.result['efi system partition uuid']).toBeNull();
    const whole = await run({ image_type: 'whole-disk' });
    expect(whole.targets).toEqual(['/dev/sda']);
    expect(whole.calls).toEqual([]);
    expect(whole.result['root uuid']).toBeUndefined();
  });

  it('refuses preserve_ephemeral and bad sizes before touching the disk', async () => {
    await expect(run({ image_type: 'partition', preserve_ephemeral: true })).rejects.toThrow(/preserve_ephemeral is not supported/);
    await expect(run({ image_type: 'partition', swap_mb: 'lots' })).rejects.toThrow(/image_info.swap_mb must be a whole number/);
    const raid = await run({ image_type: 'partition' }, {}, { ...DISK, name: '/dev/md127' }).catch((error: unknown) => error);
    expect(String(raid)).toMatch(/partition images on software RAID \(\/dev\/md127\) are not supported/);
  });
});

describe('partition image options', () => {
  it('tells partition images by image_type, else by kernel and ramdisk', () => {
    expect(isPartitionImage({ kernel: 'k', ramdisk: 'r' })).toBe(true);
    expect(isPartitionImage({ image_type: 'whole-disk', kernel: 'k', ramdisk: 'r' })).toBe(false);
    expect(isPartitionImage({})).toBe(false);
  });

  it('prefers image_info over the node and refuses unknown boot modes', () => {
    const node = { properties: { capabilities: { boot_mode: 'bios' } } };
    expect(partitionImageOptions({ deploy_boot_mode: 'uefi' }, node).bootMode).toBe('uefi');
    expect(partitionImageOptions({}, node).bootMode).toBe('bios');
    expect(() => partitionImageOptions({ boot_mode: 'legacy' }, {})).toThrow(/boot_mode must be bios or uefi/);
  });
});
