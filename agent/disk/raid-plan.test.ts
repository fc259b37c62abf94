import { describe, expect, it } from 'vitest';
import type { InventoryDisk, JsonObject } from '../../core/index.js';
import { AgentError } from '../commands/agent-error.js';
import { planSoftwareRaid } from './raid-plan.js';

const GIB = 1024 ** 3;
function disk(name: string, sizeGib: number, serial: string): InventoryDisk {
  return {
    name,
    model: 'm',
    size: sizeGib * GIB,
    rotational: false,
    wwn: null,
    serial,
    vendor: null,
    wwn_with_extension: null,
    wwn_vendor_extension: null,
    hctl: null,
    by_path: null,
  };
}
const disks = [
  disk('/dev/vda', 20, 'A'),
  disk('/dev/vdb', 20, 'B'),
  disk('/dev/vdc', 40, 'C'),
  disk('/dev/vdd', 40, 'D'),
  disk('/dev/vde', 40, 'E'),
  disk('/dev/md127', 20, 'MD'),
];
const ld = (fields: JsonObject): JsonObject => ({ controller: 'software', size_gb: 'MAX', raid_level: '1', ...fields });

describe('planSoftwareRaid', () => {
  it('one RAID-1 logical disk takes every disk (not md devices) and is the root volume', () => {
    const [root] = planSoftwareRaid({ logical_disks: [ld({})] }, disks);
    expect(root).toMatchObject({ name: 'ferro-root', mdadmLevel: '1', isRootVolume: true, sizeGb: 'MAX' });
    expect(root?.members.map((d) => d.name)).toEqual(['/dev/vda', '/dev/vdb', '/dev/vdc', '/dev/vdd', '/dev/vde']);
  });

  it('root RAID-1 on hinted disks, data RAID-5 on the rest', () => {
    const plan = planSoftwareRaid(
      {
        logical_disks: [
          ld({ size_gb: 10, is_root_volume: true, physical_disks: [{ serial: 'A' }, { name: 'vdb' }] }),
          ld({ raid_level: '5', is_root_volume: false, volume_name: 'data' }),
        ],
      },
      disks,
    );
    expect(plan.map((a) => [a.name, a.mdadmLevel, a.sizeGb, a.members.map((d) => d.serial).join('')])).toEqual([
      ['ferro-root', '1', 10, 'AB'],
      ['data', '5', 'MAX', 'CDE'],
    ]);
  });

  it('maps 1+0 to mdadm level 10 and names non-root volumes ferro-<index>', () => {
    const plan = planSoftwareRaid(
      {
        logical_disks: [
          ld({ physical_disks: [{ serial: 'A' }, { serial: 'B' }] }),
          ld({ raid_level: '1+0', is_root_volume: false }),
        ],
      },
      [...disks, disk('/dev/vdf', 40, 'F')],
    );
    expect(plan[1]).toMatchObject({ name: 'ferro-1', mdadmLevel: '10', isRootVolume: false });
  });

  it('with is_root_volume false everywhere there is no root volume, so RAID-0 is fine', () => {
    const [array] = planSoftwareRaid({ logical_disks: [ld({ raid_level: '0', is_root_volume: false })] }, disks);
    expect(array).toMatchObject({ name: 'ferro-0', isRootVolume: false, mdadmLevel: '0' });
  });

  const invalid: Array<[string, JsonObject, RegExp]> = [
    ['no logical disks', { logical_disks: [] }, /contains no logical disks/],
    ['logical_disks missing', {}, /contains no logical disks/],
    ['hardware controller', { logical_disks: [ld({ controller: 'RAID.Integrated.1-1' })] }, /'controller'='software'/],
    ['unknown level', { logical_disks: [ld({ raid_level: '50' })] }, /does not support RAID level "50"/],
    ['bad size', { logical_disks: [ld({ size_gb: -1 })] }, /size_gb must be "MAX" or a positive integer/],
    ['size as string', { logical_disks: [ld({ size_gb: '10' })] }, /size_gb must be/],
    [
      'RAID-0 root (first disk by default)',
      { logical_disks: [ld({ raid_level: '0' })] },
      /RAID-0 cannot hold the root volume.*only RAID-1 members \(metadata 1.0\) boot/,
    ],
    [
      'RAID-5 marked root',
      { logical_disks: [ld({ raid_level: '5', is_root_volume: true })] },
      /RAID-5 cannot hold the root volume/,
    ],
    [
      'two roots',
      {
        logical_disks: [
          ld({ is_root_volume: true, physical_disks: [{ serial: 'A' }, { serial: 'B' }] }),
          ld({ is_root_volume: true }),
        ],
      },
      /only one logical disk/,
    ],
    [
      'sized RAID-5',
      {
        logical_disks: [
          ld({ physical_disks: [{ serial: 'A' }, { serial: 'B' }] }),
          ld({ raid_level: '5', size_gb: 10, is_root_volume: false }),
        ],
      },
      /size_gb must be "MAX"/,
    ],
    [
      'two volumes without physical_disks',
      { logical_disks: [ld({}), ld({ raid_level: '0', is_root_volume: false })] },
      /give physical_disks for every logical disk but one/,
    ],
    [
      'physical_disks with one entry',
      { logical_disks: [ld({ physical_disks: [{ serial: 'A' }] })] },
      /at least 2 items/,
    ],
    [
      'physical_disks of strings',
      { logical_disks: [ld({ physical_disks: ['/dev/vda', '/dev/vdb'] })] },
      /device hints format/,
    ],
    [
      'hint matching nothing',
      { logical_disks: [ld({ physical_disks: [{ serial: 'A' }, { serial: 'Z' }] })] },
      /no unused disk matches physical_disks hint {"serial":"Z"}/,
    ],
    [
      'same disk twice',
      { logical_disks: [ld({ physical_disks: [{ serial: 'A' }, { serial: 'A' }] })] },
      /no unused disk matches/,
    ],
    [
      'invalid hint',
      { logical_disks: [ld({ physical_disks: [{ colour: 'A' }, { serial: 'B' }] })] },
      /"colour" are invalid/,
    ],
    [
      'too few disks for RAID-5',
      {
        logical_disks: [
          ld({ physical_disks: [{ serial: 'A' }, { serial: 'B' }, { serial: 'C' }, { serial: 'D' }] }),
          ld({ raid_level: '5', is_root_volume: false }),
        ],
      },
      /RAID-5 volume ferro-1 needs at least 3 disks, has 1 \(\/dev\/vde\)/,
    ],
    [
      'size too big',
      { logical_disks: [ld({ size_gb: 20, physical_disks: [{ serial: 'A' }, { serial: 'B' }] })] },
      /size_gb 20 does not fit/,
    ],
    [
      'duplicate volume names',
      {
        logical_disks: [
          ld({ is_root_volume: false, volume_name: 'x', physical_disks: [{ serial: 'A' }, { serial: 'B' }] }),
          ld({ is_root_volume: false, volume_name: 'x' }),
        ],
      },
      /Duplicate software RAID device name x/,
    ],
    ['bad volume name', { logical_disks: [ld({ volume_name: 'a b' })] }, /volume_name must be/],
  ];

  it.each(invalid)('refuses %s with SoftwareRAIDError', (_label, config, message) => {
    let caught: unknown;
    try {
      planSoftwareRaid(config, disks);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AgentError);
    expect((caught as AgentError).type).toBe('SoftwareRAIDError');
    expect((caught as AgentError).details).toMatch(message);
  });

  it('a RAID-1 root on a single disk machine says how many disks it found', () => {
    expect(() => planSoftwareRaid({ logical_disks: [ld({})] }, [disks[0] as InventoryDisk])).toThrow(
      /needs at least 2 disks, has 1 \(\/dev\/vda\)/,
    );
  });
});
