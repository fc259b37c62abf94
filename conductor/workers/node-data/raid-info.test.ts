import { describe, expect, it } from 'vitest';
import { raidInfoChanges } from './raid-info.js';

const now = Date.UTC(2024, 4, 1, 10, 0, 0, 123);

describe('raidInfoChanges', () => {
  it('stores the built disks with last_updated and moves the root volume into properties', () => {
    const disks = [
      { size_gb: 200, raid_level: '1', is_root_volume: true, root_device_hint: { wwn: '0x5000' }, controller: 'RAID.Integrated.1-1' },
      { size_gb: 'MAX', raid_level: '5' },
    ];
    expect(raidInfoChanges({ properties: { cpus: 8, capabilities: 'boot_mode:uefi' } }, { logical_disks: disks }, now)).toEqual({
      raid_config: { logical_disks: disks, last_updated: '2024-05-01 10:00:00.123000' },
      properties: { cpus: 8, local_gb: 200, root_device: { wwn: '0x5000' }, capabilities: 'boot_mode:uefi,raid_level:1' },
    });
  });

  it('keeps local_gb for a MAX root volume, leaves properties alone without one, and clears on no disks', () => {
    const max = raidInfoChanges({ properties: { local_gb: 10 } }, { logical_disks: [{ size_gb: 'MAX', raid_level: '0', is_root_volume: true }] }, now);
    expect(max.properties).toEqual({ local_gb: 10, capabilities: 'raid_level:0' });
    expect(raidInfoChanges({ properties: {} }, { logical_disks: [{ size_gb: 5, raid_level: '0' }] }, now).properties).toBeUndefined();
    expect(raidInfoChanges({ properties: {} }, { logical_disks: null }, now)).toEqual({ raid_config: {} });
  });
});
