import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InventoryDisk } from '../../core/index.js';
import { type AgentError } from '../commands/agent-error.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import { fakeMachine, scriptedRunner, type ScriptedReply } from './disk-test-fixtures.js';
import { createSoftwareRaid, deleteSoftwareRaid, softwareRaidRootDevice } from './software-raid.js';

const GIB = 1024 ** 3;
const ctx: ManagerContext = { node: {}, ports: [], signal: new AbortController().signal, progress: () => undefined };
function disk(name: string, serial: string): InventoryDisk {
  return {
    name,
    model: '',
    size: 20 * GIB,
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

/** A machine with md support and disks vda, vdb; `mdadm --create` makes /sys/block/md127 and /dev/md/<name>. */
async function mdMachine(extra: Record<string, ScriptedReply> = {}) {
  const m = await fakeMachine();
  await m.file('sys/module/md_mod/parameters/start_ro', '0');
  for (const name of ['vda', 'vdb']) await m.file(`dev/${name}`, '');
  const created: string[][] = [];
  const runner = scriptedRunner({
    'mdadm --create': (args) => {
      created.push([...args]);
      const md = `md${127 - created.length + 1}`;
      mkdirSync(join(m.root, 'sys/block', md, 'slaves'), { recursive: true });
      mkdirSync(join(m.root, 'dev/md'), { recursive: true });
      writeFileSync(join(m.root, 'dev', md), '');
      symlinkSync(`../${md}`, args[1] ?? '');
      return {};
    },
    'blockdev --getsize64': { stdout: `${20 * GIB - 128 * 1024}\n` },
    lsblk: {
      stdout: JSON.stringify({
        blockdevices: [{ kname: 'md127', type: 'raid1', size: 20 * GIB - 128 * 1024, rota: false, model: null }],
      }),
    },
    ...extra,
  });
  return { ...m, ...runner, created, deps: m.deps(runner.run), dev: (n: string) => join(m.root, 'dev', n) };
}

describe('createSoftwareRaid', () => {
  it('creates the root RAID-1 from whole disks with metadata 1.0 and reports it in Ironic format', async () => {
    const m = await mdMachine();
    const config = await createSoftwareRaid(
      { logical_disks: [{ size_gb: 'MAX', raid_level: '1', controller: 'software' }] },
      [disk(m.dev('vda'), 'A'), disk(m.dev('vdb'), 'B')],
      ctx,
      m.deps,
    );
    expect(m.created).toEqual([
      [
        '--create',
        m.dev('md/ferro-root'),
        '--run',
        '--metadata=1.0',
        '--homehost=any',
        '--name=ferro-root',
        '--level=1',
        '--raid-devices=2',
        m.dev('vda'),
        m.dev('vdb'),
      ],
    ]);
    expect(config).toEqual({
      logical_disks: [
        {
          size_gb: 19,
          raid_level: '1',
          controller: 'software',
          is_root_volume: true,
          volume_name: 'ferro-root',
          physical_disks: [m.dev('vda'), m.dev('vdb')],
          root_device_hint: { name: '/dev/md/ferro-root' },
        },
      ],
    });
  });

  it('passes --size in KiB for a sized RAID-1', async () => {
    const m = await mdMachine();
    await createSoftwareRaid(
      { logical_disks: [{ size_gb: 8, raid_level: '1', controller: 'software' }] },
      [disk(m.dev('vda'), 'A'), disk(m.dev('vdb'), 'B')],
      ctx,
      m.deps,
    );
    expect(m.created[0]).toContain('--size=8388608');
  });

  it('refuses disks that are members of a running array', async () => {
    const m = await mdMachine();
    await m.file('sys/block/md0/slaves/vda', '');
    const error = await createSoftwareRaid(
      { logical_disks: [{ size_gb: 'MAX', raid_level: '1', controller: 'software' }] },
      [disk(m.dev('vda'), 'A'), disk(m.dev('vdb'), 'B')],
      ctx,
      m.deps,
    ).catch((e: unknown) => e);
    expect((error as AgentError).details).toMatch(
      /Existing Software RAID device detected: .*md0 \(vda\); run delete_configuration first/,
    );
    expect(m.created).toEqual([]);
  });

  it('reports IncompatibleHardwareMethodError without the md driver', async () => {
    const m = await fakeMachine();
    const { run } = scriptedRunner({});
    const error = await createSoftwareRaid(
      { logical_disks: [{ size_gb: 'MAX', raid_level: '1', controller: 'software' }] },
      [disk('/dev/vda', 'A'), disk('/dev/vdb', 'B')],
      ctx,
      m.deps(run),
    ).catch((e: unknown) => e);
    expect((error as AgentError).type).toBe('IncompatibleHardwareMethodError');
  });

  it('turns an mdadm failure into SoftwareRAIDError naming the disks', async () => {
    const m = await mdMachine({
      'mdadm --create': { exitCode: 1, stderr: 'mdadm: cannot open /dev/vda: Device or resource busy' },
    });
    const error = await createSoftwareRaid(
      { logical_disks: [{ size_gb: 'MAX', raid_level: '1', controller: 'software' }] },
      [disk(m.dev('vda'), 'A'), disk(m.dev('vdb'), 'B')],
      ctx,
      m.deps,
    ).catch((e: unknown) => e);
    expect((error as AgentError).type).toBe('SoftwareRAIDError');
    expect((error as AgentError).details).toMatch(
      /Failed to create md device .*ferro-root on .*vda, .*vdb: .*Device or resource busy/,
    );
  });
});

describe('deleteSoftwareRaid', () => {
  it('assembles, stops every array, zeroes members and leftovers', async () => {
    const m = await mdMachine({ blkid: { stdout: '/dev/sdz\n' } });
    await m.file('sys/block/md127/slaves/vda', '');
    await m.file('sys/block/md127/slaves/vdb', '');
    await deleteSoftwareRaid(ctx, m.deps);
    expect(m.calls.map((c) => [c.program, ...c.args].join(' '))).toEqual([
      'mdadm --assemble --scan',
      `mdadm --stop ${m.dev('md127')}`,
      `mdadm --zero-superblock ${m.dev('vda')}`,
      `mdadm --zero-superblock ${m.dev('vdb')}`,
      'blkid -c /dev/null -t TYPE=linux_raid_member -o device',
      'mdadm --zero-superblock /dev/sdz',
    ]);
  });

  it('does nothing without the md driver', async () => {
    const m = await fakeMachine();
    const { run, calls } = scriptedRunner({});
    await deleteSoftwareRaid(ctx, m.deps(run));
    expect(calls).toEqual([]);
  });
});

describe('softwareRaidRootDevice', () => {
  it('is undefined without arrays', async () => {
    const m = await fakeMachine();
    expect(await softwareRaidRootDevice(undefined, m.deps(scriptedRunner({}).run))).toBeUndefined();
  });

  it('finds ferro-root through /dev/md/ferro-root', async () => {
    const m = await mdMachine();
    await createSoftwareRaid(
      { logical_disks: [{ size_gb: 'MAX', raid_level: '1', controller: 'software' }] },
      [disk(m.dev('vda'), 'A'), disk(m.dev('vdb'), 'B')],
      ctx,
      m.deps,
    );
    expect(await softwareRaidRootDevice(undefined, m.deps)).toMatchObject({
      name: m.dev('md/ferro-root'),
      size: 20 * GIB - 128 * 1024,
    });
  });

  it('finds ferro-root by MD_NAME when udev made no link, and ignores other arrays', async () => {
    const m = await mdMachine({
      'mdadm --detail': (args) => ({
        stdout: args[2]?.endsWith('md127') === true ? 'MD_LEVEL=raid1\nMD_NAME=any:ferro-root\n' : 'MD_NAME=any:data\n',
      }),
    });
    await m.file('sys/block/md126/slaves/vdc', '');
    await m.file('sys/block/md127/slaves/vda', '');
    await m.file('dev/md126', '');
    await m.file('dev/md127', '');
    expect(await softwareRaidRootDevice(undefined, m.deps)).toMatchObject({ name: m.dev('md127') });
  });
});
