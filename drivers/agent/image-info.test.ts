import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/index.js';
import { imageInfo, isPartitionImage, partitionLayout, validateInstanceInfo } from './image-info.js';

const WHOLE_DISK: JsonObject = { image_source: 'http://images.test/disk.img', image_os_hash_algo: 'sha256', image_os_hash_value: 'ab12' };
const node = (instanceInfo: JsonObject, properties: JsonObject = {}) => ({
  uuid: 'n1', instance_info: { ...WHOLE_DISK, ...instanceInfo }, properties, driver_internal_info: {},
});

describe('isPartitionImage (Ironic images.is_whole_disk_image for URLs)', () => {
  it('follows instance_info.image_type when set, whatever kernel and ramdisk say', () => {
    expect(isPartitionImage(node({ image_type: 'partition' }))).toBe(true);
    expect(isPartitionImage(node({ image_type: 'whole-disk', kernel: 'http://k', ramdisk: 'http://r' }))).toBe(false);
  });

  it('takes a kernel or a ramdisk as the mark of a partition image, as Ironic does', () => {
    expect(isPartitionImage(node({ kernel: 'http://k', ramdisk: 'http://r' }))).toBe(true);
    expect(isPartitionImage(node({ kernel: 'http://k' }))).toBe(true);
    expect(isPartitionImage(node({}))).toBe(false);
  });
});

describe('partition image layout (Ironic parse_instance_info)', () => {
  it('sends root_mb = 1024 x root_gb and ephemeral_mb = 1024 x ephemeral_gb; swap_mb as it is', () => {
    const info = imageInfo(node({ kernel: 'http://k', ramdisk: 'http://r', root_gb: 10, swap_mb: 512, ephemeral_gb: '2', ephemeral_format: 'ext4' }), true);
    expect(info).toMatchObject({ image_type: 'partition', root_mb: 10240, swap_mb: 512, ephemeral_mb: 2048, ephemeral_format: 'ext4' });
  });

  it('takes Ferro\'s root_mb and ephemeral_mb when the GiB keys are absent', () => {
    expect(partitionLayout(node({ root_mb: 4096, ephemeral_mb: '100' }))).toEqual({ root_mb: 4096, swap_mb: 0, ephemeral_mb: 100 });
  });

  it('refuses a partition image without root_gb, and sizes that are not whole numbers', () => {
    expect(() => { validateInstanceInfo(node({ image_type: 'partition' })); }).toThrow(/missing .* instance_info: root_gb/);
    expect(() => { validateInstanceInfo(node({ image_type: 'partition', root_gb: 1.5 })); }).toThrow(/root_gb must be a whole number/);
    expect(() => { validateInstanceInfo(node({ kernel: 'http://k', root_gb: 1, swap_mb: '-1' })); }).toThrow(/swap_mb must be a whole number/);
    expect(() => { validateInstanceInfo(node({ image_type: 'partition', root_gb: '4' })); }).not.toThrow();
  });

  it('refuses an unknown image_type and leaves whole-disk images without a layout', () => {
    expect(() => { validateInstanceInfo(node({ image_type: 'iso' })); }).toThrow(/invalid instance_info.image_type "iso"/);
    const info = imageInfo(node({ root_gb: 10 }), true);
    expect(info['image_type']).toBe('whole-disk');
    expect(info).not.toHaveProperty('root_mb');
  });

  it('adds the boot mode and disk label the node asks for', () => {
    const info = imageInfo({ ...node({ kernel: 'http://k', ramdisk: 'http://r', root_gb: 1, capabilities: 'boot_mode:uefi,disk_label:gpt' }) }, true);
    expect(info).toMatchObject({ deploy_boot_mode: 'uefi', disk_label: 'gpt' });
  });
});
