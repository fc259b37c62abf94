import { describe, expect, it } from 'vitest';
import type { InventoryDisk, JsonObject } from '../../core/index.js';
import { AgentError } from '../commands/agent-error.js';
import { chooseRootDevice, describeDisks, parseRootDeviceHints } from './root-device-hints.js';
import { anInventoryDisk } from '../../test/support/an-inventory-disk.js';

const GIB = 1024 ** 3;

function disk(name: string, sizeGib: number, extra: Partial<InventoryDisk> = {}): InventoryDisk {
  return anInventoryDisk({ name, model: 'QEMU HARDDISK', size: sizeGib * GIB, ...extra });
}

const disks: InventoryDisk[] = [
  disk('/dev/sda', 100, {
    serial: 'S-A',
    model: 'Samsung SSD 870',
    vendor: 'ATA',
    wwn: '0x5002538e4012a0b1',
    hctl: '0:0:0:0',
    rotational: false,
    by_path: '/dev/disk/by-path/pci-0000:00:1f.2-ata-1',
    tran: 'sata',
    wwn_with_extension: '0x5002538e4012a0b1',
    wwn_vendor_extension: '0x1',
  }),
  disk('/dev/sdb', 2000, {
    serial: 'S-B',
    model: 'WDC WD20EFRX',
    vendor: 'ATA',
    wwn: '0x50014ee2b5a0e4c2',
    hctl: '1:0:0:0',
    rotational: true,
    tran: 'sata',
  }),
  disk('/dev/nvme0n1', 500, { serial: 'NV-1', model: 'Samsung SSD 980 PRO 500GB', tran: 'nvme' }),
  disk('/dev/vda', 10, { serial: 'FERRO-ROOT-1' }),
];

// Ironic's root device hints (ironic admin/root-device-hints.rst; IPA device_hints.py); #5.
const matching: Array<[string, JsonObject, string]> = [
  ['serial exact', { serial: 'S-B' }, '/dev/sdb'],
  ['serial is case-insensitive', { serial: 's-b' }, '/dev/sdb'],
  ['serial with s==', { serial: 's== S-A' }, '/dev/sda'],
  ['serial with s!= picks the first other disk', { serial: 's!= S-A' }, '/dev/sdb'],
  ['serial <or>', { serial: '<or> nope <or> NV-1' }, '/dev/nvme0n1'],
  ['model <in> substring', { model: '<in> 980' }, '/dev/nvme0n1'],
  ['model with spaces, no operator', { model: 'WDC WD20EFRX' }, '/dev/sdb'],
  ['wwn', { wwn: '0x50014ee2b5a0e4c2' }, '/dev/sdb'],
  ['wwn_with_extension', { wwn_with_extension: '0x5002538e4012a0b1' }, '/dev/sda'],
  ['wwn_vendor_extension', { wwn_vendor_extension: '0x1' }, '/dev/sda'],
  ['vendor', { vendor: 'ata', rotational: true }, '/dev/sdb'],
  ['name with /dev/', { name: '/dev/vda' }, '/dev/vda'],
  ['name without /dev/', { name: 'vda' }, '/dev/vda'],
  ['name <or> without /dev/', { name: '<or> sdz <or> nvme0n1' }, '/dev/nvme0n1'],
  ['hctl', { hctl: '1:0:0:0' }, '/dev/sdb'],
  ['by_path', { by_path: '/dev/disk/by-path/pci-0000:00:1f.2-ata-1' }, '/dev/sda'],
  ['tran', { tran: 'nvme' }, '/dev/nvme0n1'],
  ['size integer (GiB)', { size: 500 }, '/dev/nvme0n1'],
  ['size string', { size: '10' }, '/dev/vda'],
  ['size ==', { size: '== 2000' }, '/dev/sdb'],
  ['size >=', { size: '>= 500' }, '/dev/sdb'],
  ['size >', { size: '> 100' }, '/dev/sdb'],
  ['size <', { size: '< 100' }, '/dev/vda'],
  ['size <=', { size: '<= 100' }, '/dev/sda'],
  ['size !=', { size: '!= 100' }, '/dev/sdb'],
  ['size = is the legacy >=', { size: '= 600' }, '/dev/sdb'],
  ['size <or> (numeric)', { size: '<or> 10 <or> 500' }, '/dev/nvme0n1'],
  ['rotational true', { rotational: true }, '/dev/sdb'],
  ['rotational "false" string', { rotational: 'false' }, '/dev/sda'],
  ['rotational "1"', { rotational: '1' }, '/dev/sdb'],
  ['every hint must match', { rotational: false, size: '< 200', serial: 'FERRO-ROOT-1' }, '/dev/vda'],
  ['operators without spaces', { size: '>=1000' }, '/dev/sdb'],
];

const noMatch: Array<[string, JsonObject]> = [
  ['unknown serial', { serial: 'nope' }],
  ['size too big', { size: '> 5000' }],
  ['contradicting hints', { name: '/dev/sda', rotational: true }],
  ['a null device value never matches', { wwn: 'none' }],
];

const invalid: Array<[string, JsonObject, RegExp]> = [
  ['unknown hint name', { colour: 'red' }, /"colour" are invalid/],
  ['size not an integer', { size: '10.5' }, /not an integer/],
  ['size zero', { size: 0 }, /positive integer/],
  ['size negative', { size: '-5' }, /not an integer/],
  ['size with a string operator', { size: 's== 10' }, /integer hints do not support/],
  ['size <in>', { size: '<in> 10' }, /integer hints do not support/],
  ['string hint with a numeric operator', { serial: '>= 5' }, /string hints do not support/],
  ['string hint as a number', { serial: 1234 }, /not a string value/],
  ['empty string hint', { model: '   ' }, /empty/],
  ['operator without a value', { serial: 's==' }, /no value/],
  ['rotational not a boolean', { rotational: 'maybe' }, /not a Boolean/],
  ['rotational null', { rotational: null }, /not a Boolean/],
  ['repeated operator', { serial: 's== a s== b' }, /<or> for alternatives/],
  ['<all-in> is not a root device hint operator', { serial: '<all-in> a b' }, /do not support/],
];

describe('chooseRootDevice', () => {
  it.each(matching)('%s', (_label, hints, expected) => {
    expect(chooseRootDevice(disks, hints).name).toBe(expected);
  });

  it.each(noMatch)('no disk for %s: DeviceNotFound naming the hints and the disks', (_label, hints) => {
    const error = captureError(() => chooseRootDevice(disks, hints));
    expect(error.type).toBe('DeviceNotFound');
    expect(error.details).toContain(`using these hints ${JSON.stringify(hints)}`);
    expect(error.details).toContain('/dev/sdb 2000 GiB serial S-B model WDC WD20EFRX');
  });

  it.each(invalid)('refuses invalid hints: %s', (_label, hints, message) => {
    const error = captureError(() => chooseRootDevice(disks, hints));
    expect(error.type).toBe('DeviceNotFound');
    expect(error.details).toMatch(message);
  });

  it('without hints picks the smallest disk of at least 4 GiB (IPA guess_root_disk)', () => {
    expect(chooseRootDevice(disks, undefined).name).toBe('/dev/vda');
    expect(chooseRootDevice(disks, {}).name).toBe('/dev/vda');
    expect(chooseRootDevice([disk('/dev/sdx', 2), disk('/dev/sdy', 8), disk('/dev/sdz', 5)], undefined).name).toBe(
      '/dev/sdz',
    );
  });

  it('without hints breaks size ties by name', () => {
    expect(chooseRootDevice([disk('/dev/vdb', 10), disk('/dev/vda', 10)], undefined).name).toBe('/dev/vda');
  });

  it('without hints and only small disks fails naming them', () => {
    const error = captureError(() => chooseRootDevice([disk('/dev/vda', 3)], undefined));
    expect(error.type).toBe('DeviceNotFound');
    expect(error.details).toMatch(/smaller than 4294967296B; disks: \/dev\/vda 3 GiB/);
  });

  it('with hints honours listing order among several matches', () => {
    expect(chooseRootDevice(disks, { rotational: false }).name).toBe('/dev/sda');
  });

  it('fails on an empty disk list', () => {
    expect(captureError(() => chooseRootDevice([], { serial: 'x' })).details).toContain('disks: (none)');
  });
});

describe('parseRootDeviceHints', () => {
  it('lower-cases values and fills in the default operators', () => {
    expect(parseRootDeviceHints({ model: 'Big Disk', size: 10, rotational: 'yes' })).toEqual([
      { name: 'model', hint: { kind: 'string', op: 's==', values: ['big disk'] } },
      { name: 'size', hint: { kind: 'integer', op: '==', values: [10] } },
      { name: 'rotational', hint: { kind: 'boolean', value: true } },
    ]);
  });
});

describe('describeDisks', () => {
  it('shows fractional sizes with two decimals', () => {
    expect(describeDisks([{ ...disk('/dev/vda', 1), size: 1.5 * GIB }])).toBe(
      '/dev/vda 1.50 GiB model QEMU HARDDISK rotational false',
    );
  });
});

function captureError(fn: () => unknown): AgentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AgentError) return error;
    throw error;
  }
  throw new Error('expected an AgentError');
}
