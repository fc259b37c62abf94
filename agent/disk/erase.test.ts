import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InventoryDisk, JsonObject } from '../../core/index.js';
import { type AgentError } from '../commands/agent-error.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import type { DiskDeps } from './disk-deps.js';
import { fakeMachine, scriptedRunner, tempDir, type ScriptedReply } from './disk-test-fixtures.js';
import { eraseDevices, eraseDevicesMetadata } from './erase.js';
import { anInventoryDisk } from '../../test/support/an-inventory-disk.js';

const MIB = 1024 * 1024;

function context(driverInternalInfo: JsonObject = {}): ManagerContext & { messages: string[] } {
  const messages: string[] = [];
  return {
    node: { uuid: 'n1', driver_internal_info: driverInternalInfo },
    ports: [],
    signal: new AbortController().signal,
    progress: (m) => messages.push(m),
    messages,
  };
}

function disk(name: string, size: number): InventoryDisk {
  return anInventoryDisk({ name, size });
}

async function patterned(path: string, size: number): Promise<void> {
  await writeFile(path, Buffer.alloc(size, 0xaa));
}

function isAll(bytes: Buffer, value: number): boolean {
  return bytes.every((b) => b === value);
}

describe('eraseDevicesMetadata on file disks', () => {
  it('zeroes the first and last MiB and leaves the middle alone, running nothing', async () => {
    const dir = await tempDir('ferro-erase-');
    const path = join(dir, 'disk.img');
    await patterned(path, 4 * MIB + 4096);
    const { run, calls } = scriptedRunner({});
    await eraseDevicesMetadata([disk(path, 4 * MIB + 4096)], context(), {
      ...(await fakeMachine()).deps(run),
      isBlockDevice: () => Promise.resolve(false),
    });
    const bytes = await readFile(path);
    expect(isAll(bytes.subarray(0, MIB), 0)).toBe(true);
    expect(isAll(bytes.subarray(MIB, bytes.length - MIB), 0xaa)).toBe(true);
    expect(isAll(bytes.subarray(bytes.length - MIB), 0)).toBe(true);
    expect(calls).toEqual([]);
  });

  it('handles a disk smaller than a MiB', async () => {
    const dir = await tempDir('ferro-erase-');
    const path = join(dir, 'tiny.img');
    await patterned(path, 1000);
    await eraseDevicesMetadata([disk(path, 1000)], context(), {
      ...(await fakeMachine()).deps(scriptedRunner({}).run),
      isBlockDevice: () => Promise.resolve(false),
    });
    expect(await readFile(path)).toEqual(Buffer.alloc(1000));
  });
});

/** A fake machine where sda (partitions sda1, sda2) and sdb are members of md127, and sdc is read-only. */
async function raidMachine(script: Record<string, ScriptedReply> = {}) {
  const m = await fakeMachine();
  await m.file('dev/.keep', '');
  for (const name of ['sda', 'sdb', 'sdc', 'nvme0n1']) await patterned(join(m.root, 'dev', name), 3 * MIB);
  await m.file('sys/block/sda/sda1/partition', '1');
  await m.file('sys/block/sda/sda2/partition', '2');
  await m.file('sys/block/sda/queue/rotational', '0');
  await m.file('sys/block/sdc/ro', '1\n');
  await m.file('sys/block/md127/slaves/sda1', '');
  await m.file('sys/block/md127/slaves/sdb', '');
  const runner = scriptedRunner(script);
  const deps: DiskDeps = { ...m.deps(runner.run), isBlockDevice: () => Promise.resolve(true) };
  const dev = (name: string) => join(m.root, 'dev', name);
  return { ...m, ...runner, deps, dev };
}

describe('eraseDevicesMetadata on block devices', () => {
  it('stops md arrays on the disks, wipes partitions then the disk, zeroes the ends, re-reads the table', async () => {
    const m = await raidMachine();
    await eraseDevicesMetadata([disk(m.dev('sda'), 3 * MIB), disk(m.dev('sdb'), 3 * MIB)], context(), m.deps);
    expect(m.calls.map((c) => [c.program, ...c.args].join(' '))).toEqual([
      `mdadm --stop ${m.dev('md127')}`,
      `mdadm --zero-superblock ${m.dev('sda1')}`,
      `mdadm --zero-superblock ${m.dev('sdb')}`,
      `wipefs --force --all ${m.dev('sda2')}`,
      `wipefs --force --all ${m.dev('sda1')}`,
      `wipefs --force --all ${m.dev('sda')}`,
      `blockdev --rereadpt ${m.dev('sda')}`,
      `wipefs --force --all ${m.dev('sdb')}`,
      `blockdev --rereadpt ${m.dev('sdb')}`,
    ]);
    const bytes = await readFile(m.dev('sda'));
    expect(
      isAll(bytes.subarray(0, MIB), 0) &&
        isAll(bytes.subarray(2 * MIB), 0) &&
        isAll(bytes.subarray(MIB, 2 * MIB), 0xaa),
    ).toBe(true);
  });

  it('skips read-only disks as IPA does', async () => {
    const m = await raidMachine();
    const ctx = context();
    await eraseDevicesMetadata([disk(m.dev('sdc'), 3 * MIB)], ctx, m.deps);
    expect(m.calls).toEqual([]);
    expect(ctx.messages).toEqual([`erase_devices_metadata: skipping read-only device ${m.dev('sdc')}`]);
  });

  it('tries every disk and reports all failures as BlockDeviceEraseError', async () => {
    const m = await raidMachine({
      wipefs: { exitCode: 1, stderr: 'wipefs: error: probing initialization failed: Device or resource busy' },
    });
    const error = await eraseDevicesMetadata(
      [disk(m.dev('sdb'), 3 * MIB), disk(m.dev('nvme0n1'), 3 * MIB)],
      context(),
      m.deps,
    ).catch((e: unknown) => e);
    expect((error as AgentError).type).toBe('BlockDeviceEraseError');
    expect((error as AgentError).details).toContain(`"${m.dev('sdb')}": wipefs --force --all`);
    expect((error as AgentError).details).toContain(`"${m.dev('nvme0n1')}"`);
  });
});

const HDPARM_HEADER =
  '\n/dev/sda:\n\nATA device, with non-removable media\n\tModel Number:       Samsung SSD 870\nSecurity: \n\tMaster password revision code = 65534\n';
function hdparmSecurity(state: {
  supported?: boolean;
  enabled?: boolean;
  locked?: boolean;
  frozen?: boolean;
  enhanced?: boolean;
}): string {
  const not = (flag: boolean | undefined) => (flag === true ? '\t' : '\tnot\t');
  return `${HDPARM_HEADER}${state.supported === false ? '\tnot\tsupported\n' : '\t\tsupported\n'}${not(state.enabled)}enabled\n${not(state.locked)}locked\n${not(state.frozen)}frozen\n\tnot\texpired: security count\n${state.enhanced === false ? '\tnot\tsupported: enhanced erase\n' : '\t\tsupported: enhanced erase\n'}\t2min for SECURITY ERASE UNIT.\nLogical Unit WWN Device Identifier: 5000c500a0b1c2d3\n`;
}

describe('eraseDevices', () => {
  it('uses NVMe crypto erase when the controller supports it', async () => {
    const m = await raidMachine({ 'nvme id-ctrl': { stdout: JSON.stringify({ oacs: 0x17, fna: 0x4 }) } });
    const reports = await eraseDevices([disk(m.dev('nvme0n1'), 3 * MIB)], context(), m.deps);
    expect(reports).toEqual([{ disk: m.dev('nvme0n1'), method: 'nvme-format', seconds: expect.any(Number) as number }]);
    expect(m.calls.map((c) => c.args.join(' '))).toEqual([
      `id-ctrl ${m.dev('nvme0n1')} -o json`,
      `format ${m.dev('nvme0n1')} -s 2 --force`,
    ]);
  });

  it('uses NVMe user-data erase (-s 1) without crypto erase, and zeros when format is unsupported', async () => {
    const m = await raidMachine({ 'nvme id-ctrl': { stdout: JSON.stringify({ oacs: 0x2, fna: 0 }) } });
    await eraseDevices([disk(m.dev('nvme0n1'), 3 * MIB)], context(), m.deps);
    expect(m.calls[1]?.args).toEqual(['format', m.dev('nvme0n1'), '-s', '1', '--force']);
    const n = await raidMachine({ 'nvme id-ctrl': { stdout: JSON.stringify({ oacs: 0, fna: 0 }) } });
    const [report] = await eraseDevices([disk(n.dev('nvme0n1'), 3 * MIB)], context(), n.deps);
    expect(report?.method).toBe('zero-overwrite');
    expect(isAll(await readFile(n.dev('nvme0n1')), 0)).toBe(true);
  });

  it('fails when a supported NVMe format fails, unless the conductor allows the zero fallback', async () => {
    const script = {
      'nvme id-ctrl': { stdout: JSON.stringify({ oacs: 2, fna: 0 }) },
      'nvme format': { exitCode: 1, stderr: 'NVMe status: INVALID_FORMAT' },
    };
    const m = await raidMachine(script);
    const error = await eraseDevices([disk(m.dev('nvme0n1'), 3 * MIB)], context(), m.deps).catch((e: unknown) => e);
    expect((error as AgentError).details).toMatch(/Failed to nvme format device .*INVALID_FORMAT/);
    const n = await raidMachine(script);
    const [report] = await eraseDevices(
      [disk(n.dev('nvme0n1'), 3 * MIB)],
      context({ agent_continue_if_secure_erase_failed: true }),
      n.deps,
    );
    expect(report?.method).toBe('zero-overwrite');
  });

  it('runs ATA secure erase through the drive states: set NULL password, enhanced erase, verify', async () => {
    let erased = false;
    const m = await raidMachine({
      'hdparm -I': () => ({ stdout: hdparmSecurity({ enabled: false }) }),
      hdparm: (args) => {
        if (args.includes('--security-erase-enhanced')) erased = true;
        return {};
      },
    });
    const [report] = await eraseDevices([disk(m.dev('sdb'), 3 * MIB)], context(), m.deps);
    expect(erased).toBe(true);
    expect(report?.method).toBe('ata-secure-erase');
    expect(m.calls.filter((c) => c.program === 'hdparm').map((c) => c.args.join(' '))).toEqual([
      `-I ${m.dev('sdb')}`,
      `--user-master u --security-set-pass NULL ${m.dev('sdb')}`,
      `--user-master u --security-erase-enhanced NULL ${m.dev('sdb')}`,
      `-I ${m.dev('sdb')}`,
    ]);
  });

  it('uses plain security erase when enhanced is not supported', async () => {
    const m = await raidMachine({ 'hdparm -I': { stdout: hdparmSecurity({ enhanced: false }) } });
    await eraseDevices([disk(m.dev('sdb'), 3 * MIB)], context(), m.deps);
    expect(m.calls.some((c) => c.args.includes('--security-erase'))).toBe(true);
  });

  it('refuses a frozen drive', async () => {
    const m = await raidMachine({ 'hdparm -I': { stdout: hdparmSecurity({ frozen: true }) } });
    const error = await eraseDevices([disk(m.dev('sdb'), 3 * MIB)], context(), m.deps).catch((e: unknown) => e);
    expect((error as AgentError).details).toMatch(/is frozen and cannot be erased/);
  });

  it('overwrites with zeros, with progress, when the drive has no security feature set', async () => {
    const m = await raidMachine({ 'hdparm -I': { exitCode: 1, stderr: 'Inappropriate ioctl for device' } });
    const ctx = context();
    const [report] = await eraseDevices([disk(m.dev('sdb'), 3 * MIB)], ctx, m.deps);
    expect(report?.method).toBe('zero-overwrite');
    expect(isAll(await readFile(m.dev('sdb')), 0)).toBe(true);
    expect(ctx.messages).toContain(`erase_devices: ${m.dev('sdb')} 3 of 3 MiB`);
  });

  it('fails on read-only disks unless agent_erase_skip_read_only', async () => {
    const m = await raidMachine();
    const error = await eraseDevices([disk(m.dev('sdc'), 3 * MIB)], context(), m.deps).catch((e: unknown) => e);
    expect((error as AgentError).details).toMatch(/flagged read-only/);
    const [report] = await eraseDevices(
      [disk(m.dev('sdc'), 3 * MIB)],
      context({ agent_erase_skip_read_only: true }),
      m.deps,
    );
    expect(report?.method).toBe('skipped-read-only');
  });

  it('erases file disks with zeros and honours abort', async () => {
    const dir = await tempDir('ferro-erase-');
    const path = join(dir, 'disk.img');
    await patterned(path, 9 * MIB);
    const deps = { ...(await fakeMachine()).deps(scriptedRunner({}).run), isBlockDevice: () => Promise.resolve(false) };
    const [report] = await eraseDevices([disk(path, 9 * MIB)], context(), deps);
    expect(report?.method).toBe('zero-overwrite');
    expect(isAll(await readFile(path), 0)).toBe(true);
    const aborted = { ...context(), signal: AbortSignal.abort() };
    await expect(eraseDevices([disk(path, 9 * MIB)], aborted, deps)).rejects.toThrow();
  });
});
