import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentError } from '../commands/agent-error.js';
import { fakeMachine, scriptedRunner, tempDir } from './disk-test-fixtures.js';
import { labFlashFilePath, listBlockDevices, listDisks } from './list-disks.js';
import { LSBLK_ARGS } from './lsblk-report.js';

/** Shaped like util-linux 2.38's `lsblk --json --bytes --all --nodeps -o …` on a VM without udevd. */
function lsblkRow(kname: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    kname,
    type: 'disk',
    size: 0,
    rota: false,
    ro: false,
    model: null,
    vendor: null,
    serial: null,
    wwn: null,
    hctl: null,
    tran: null,
    'log-sec': 512,
    'phy-sec': 512,
    'maj:min': null,
    uuid: null,
    partuuid: null,
    ...fields,
  };
}

const report = JSON.stringify({
  blockdevices: [
    lsblkRow('loop0', { type: 'loop', size: 67108864 }),
    lsblkRow('zram0', { size: 1073741824, 'maj:min': '253:0' }),
    lsblkRow('ram0', { size: 4194304 }),
    lsblkRow('sr0', { type: 'rom', size: 1073741824, model: 'QEMU DVD-ROM' }),
    lsblkRow('fd0', { size: 1474560 }),
    lsblkRow('sdc', { size: 0 }),
    lsblkRow('vda', { size: 10737418240, rota: true, vendor: '0x1af4', 'maj:min': '254:0', 'phy-sec': 4096 }),
    lsblkRow('vdb', { size: 1048576, 'maj:min': '254:16' }),
    lsblkRow('sda', {
      size: 107374182400,
      model: 'QEMU HARDDISK   ',
      vendor: 'ATA     ',
      serial: 'QM00001',
      wwn: '0x5000c500a0b1c2d3',
      hctl: '0:0:0:0',
      tran: 'sata',
      'maj:min': '8:0',
      ro: true,
    }),
    lsblkRow('nvme0n1', {
      size: 53687091200,
      model: 'QEMU NVMe Ctrl',
      serial: 'NVME-1',
      tran: 'nvme',
      'maj:min': '259:0',
    }),
    lsblkRow('md127', { type: 'raid1', size: 10733223936, 'maj:min': '9:127' }),
  ],
});

async function machine() {
  const m = await fakeMachine();
  // virtio-blk without udevd: the serial is only in sysfs (lsblk prints null), the vendor is the PCI vendor id.
  await m.file('sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda/serial', 'FERRO-ROOT-1\n');
  await m.file('sys/devices/pci0000:00/0000:00:02.0/virtio1/vendor', '0x1af4\n');
  await m.link('sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda/device', '../..');
  await m.link('sys/block/vda', '../devices/pci0000:00/0000:00:02.0/virtio1/block/vda');
  await m.link('sys/class/block/vda', '../../devices/pci0000:00/0000:00:02.0/virtio1/block/vda');
  await m.file('sys/devices/pci0000:00/0000:00:03.0/virtio2/block/vdb/serial', 'FERRO-LAB-FLASH');
  await m.link('sys/block/vdb', '../devices/pci0000:00/0000:00:03.0/virtio2/block/vdb');
  // SATA disk with udev data (WWN extensions) and a by-path link.
  await m.file('sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/ro', '1\n');
  await m.file('sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/vendor', 'ATA     \n');
  await m.file('sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/scsi_device/0:0:0:0/dev', '');
  await m.link('sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/device', '../..');
  await m.link('sys/block/sda', '../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda');
  await m.link('sys/class/block/sda', '../../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda');
  await m.file(
    'run/udev/data/b8:0',
    'S:disk/by-id/wwn-0x5000c500a0b1c2d3\nE:ID_WWN=0x5000c500a0b1c2d3\nE:ID_WWN_WITH_EXTENSION=0x5000c500a0b1c2d3ffee\nE:ID_WWN_VENDOR_EXTENSION=0xffee\n',
  );
  await m.link('dev/disk/by-path/pci-0000:00:1f.2-ata-1', '../../sda');
  await m.link('dev/disk/by-path/pci-0000:00:1f.2-ata-1-part1', '../../sda1');
  // NVMe namespace, no udev: by_path computed from the PCI address.
  await m.file('sys/devices/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1/ro', '0\n');
  await m.link('sys/block/nvme0n1', '../devices/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1');
  return m;
}

describe('listDisks (real block device mode, fixtures)', () => {
  it('runs lsblk with explicit columns and lists what IPA lists', async () => {
    const m = await machine();
    const { run, calls } = scriptedRunner({ lsblk: { stdout: report } });
    const disks = await listDisks({ fileDisks: [] }, undefined, m.deps(run));
    expect(calls).toEqual([{ program: 'lsblk', args: LSBLK_ARGS, input: undefined }]);
    expect(disks.map((d) => d.name)).toEqual(['vda', 'sda', 'nvme0n1', 'md127'].map((k) => join(m.root, 'dev', k)));
  });

  it('fills in serial from sysfs, vendor from sysfs, and computes by_path for virtio without udev', async () => {
    const m = await machine();
    const { run } = scriptedRunner({ lsblk: { stdout: report } });
    const [vda] = await listDisks({ fileDisks: [] }, undefined, m.deps(run));
    expect(vda).toEqual({
      name: join(m.root, 'dev/vda'),
      model: '',
      size: 10737418240,
      rotational: true,
      wwn: null,
      serial: 'FERRO-ROOT-1',
      vendor: '0x1af4',
      wwn_with_extension: null,
      wwn_vendor_extension: null,
      hctl: null,
      by_path: join(m.root, 'dev/disk/by-path/pci-0000:00:02.0'),
      uuid: null,
      partuuid: null,
      logical_sectors: 512,
      physical_sectors: 4096,
      tran: null,
    });
  });

  it('reads WWN extensions from udev data, HCTL from sysfs and by_path from /dev/disk/by-path', async () => {
    const m = await machine();
    const { run } = scriptedRunner({ lsblk: { stdout: report } });
    const sda = (await listDisks({ fileDisks: [] }, undefined, m.deps(run)))[1];
    expect(sda).toMatchObject({
      model: 'QEMU HARDDISK',
      vendor: 'ATA',
      serial: 'QM00001',
      wwn: '0x5000c500a0b1c2d3',
      wwn_with_extension: '0x5000c500a0b1c2d3ffee',
      wwn_vendor_extension: '0xffee',
      hctl: '0:0:0:0',
      tran: 'sata',
      by_path: join(m.root, 'dev/disk/by-path/pci-0000:00:1f.2-ata-1'),
    });
  });

  it('computes the NVMe by_path and keeps lsblk serial', async () => {
    const m = await machine();
    const { run } = scriptedRunner({ lsblk: { stdout: report } });
    const nvme = (await listDisks({ fileDisks: [] }, undefined, m.deps(run)))[2];
    expect(nvme).toMatchObject({ serial: 'NVME-1', by_path: join(m.root, 'dev/disk/by-path/pci-0000:00:04.0-nvme-1') });
  });

  it('keeps the lab flash and the read-only flag in listBlockDevices', async () => {
    const m = await machine();
    const { run } = scriptedRunner({ lsblk: { stdout: report } });
    const all = await listBlockDevices(m.deps(run));
    expect(all.find((d) => d.name.endsWith('/vdb'))?.serial).toBe('FERRO-LAB-FLASH');
    expect(all.filter((d) => d.readOnly).map((d) => d.name)).toEqual([join(m.root, 'dev/sda')]);
  });

  it('accepts the string-typed output of older lsblk', async () => {
    const m = await fakeMachine();
    const old = JSON.stringify({
      blockdevices: [{ kname: 'sda', type: 'disk', size: '5368709120', rota: '1', ro: '0', model: 'X', serial: 'S' }],
    });
    const { run } = scriptedRunner({ lsblk: { stdout: old } });
    expect(await listDisks({ fileDisks: [] }, undefined, m.deps(run))).toMatchObject([
      { name: join(m.root, 'dev/sda'), size: 5368709120, rotational: true, serial: 'S' },
    ]);
  });

  it.each([
    ['lsblk fails', { exitCode: 1, stderr: 'lsblk: unknown column' }, /lsblk failed/],
    ['lsblk prints garbage', { stdout: 'not json' }, /invalid JSON/],
    ['lsblk prints no list', { stdout: '{}' }, /no "blockdevices"/],
    ['a row has no kname', { stdout: '{"blockdevices":[{"type":"disk"}]}' }, /without KNAME/],
  ])('reports BlockDeviceError when %s', async (_label, reply, message) => {
    const m = await fakeMachine();
    const { run } = scriptedRunner({ lsblk: reply });
    const error = await listDisks({ fileDisks: [] }, undefined, m.deps(run)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).type).toBe('BlockDeviceError');
    expect((error as AgentError).details).toMatch(message);
  });
});

describe('listDisks (file-disk mode)', () => {
  it('lists one disk per file and never runs a program', async () => {
    const dir = await tempDir('ferro-files-');
    const a = join(dir, 'disk-a.img');
    const b = join(dir, 'disk-b.img');
    await writeFile(a, '');
    await truncate(a, 5 * 1024 ** 3);
    await writeFile(b, Buffer.alloc(4096));
    await writeFile(join(dir, 'lab-flash.img'), Buffer.alloc(512));
    const { run, calls } = scriptedRunner({});
    const disks = await listDisks(
      { fileDisks: [a, b, join(dir, 'lab-flash.img')] },
      undefined,
      (await fakeMachine()).deps(run),
    );
    expect(calls).toEqual([]);
    expect(disks).toEqual([
      {
        name: a,
        model: '',
        size: 5 * 1024 ** 3,
        rotational: false,
        wwn: null,
        serial: 'disk-a.img',
        vendor: null,
        wwn_with_extension: null,
        wwn_vendor_extension: null,
        hctl: null,
        by_path: null,
        logical_sectors: null,
        physical_sectors: null,
        tran: null,
      },
      expect.objectContaining({ name: b, size: 4096, serial: 'disk-b.img' }),
    ]);
    expect(labFlashFilePath({ fileDisks: [a] })).toBe(join(dir, 'lab-flash.img'));
  });

  it('refuses a missing file with BlockDeviceError', async () => {
    const error = await listDisks({ fileDisks: ['/nonexistent/ferro-disk.img'] }).catch((e: unknown) => e);
    expect((error as AgentError).type).toBe('BlockDeviceError');
  });
});
