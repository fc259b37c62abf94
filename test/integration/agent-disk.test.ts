// The agent's disk side (issue #5) against real block devices: loop devices backed by temporary files stand
// in for disks, so no host disk is ever touched. Checks metadata erase (wipefs + zeroed ends on a disk with
// a GPT and a file system), full erase by zero overwrite, the real lsblk listing, and software RAID-1 with
// mdadm: members must start with the bytes written to the array (metadata 1.0). Skips with a reason when
// loop devices, sgdisk, mdadm or the kernel's md driver are missing. Needs root.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InventoryDisk } from '../../core/index.js';
import { eraseDevices, eraseDevicesMetadata } from '../../agent/disk/erase.js';
import { listDisks } from '../../agent/disk/list-disks.js';
import { createSoftwareRaid, deleteSoftwareRaid, softwareRaidRootDevice } from '../../agent/disk/software-raid.js';
import type { ManagerContext } from '../../agent/hardware-managers/hardware-manager.js';
import { anInventoryDisk } from '../support/an-inventory-disk.js';

const MIB = 1024 * 1024;
const DISK_BYTES = 64 * MIB;

function run(program: string, args: string[]): string {
  return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
function has(program: string): boolean {
  try {
    execFileSync('which', [program], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why loop devices cannot be used here, or undefined. */
function loopUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  if (!has('losetup') || !has('sgdisk') || !has('wipefs')) return 'losetup, sgdisk (gdisk) or wipefs missing';
  if (!existsSync('/dev/loop-control')) return '/dev/loop-control missing';
  return undefined;
}

/** Why md RAID cannot be tested here, or undefined. Refuses hosts that already run arrays (delete stops all). */
function mdUnavailable(): string | undefined {
  if (!has('mdadm')) return 'mdadm missing (apt-get install mdadm)';
  try {
    execFileSync('modprobe', ['md_mod'], { stdio: 'ignore' });
  } catch {
    // built in, or not available: /proc/mdstat tells
  }
  if (!existsSync('/proc/mdstat')) return 'the kernel has no md driver (/proc/mdstat missing; modprobe md_mod failed)';
  if (/^md\d+\s*:/m.test(readFileSync('/proc/mdstat', 'utf8')))
    return 'this host already runs md arrays; deleteSoftwareRaid would stop them';
  return undefined;
}

const loopReason = loopUnavailable();
const mdReason = loopReason ?? mdUnavailable();
if (loopReason !== undefined) console.warn(`skipping agent disk loop-device tests: ${loopReason}`);
if (mdReason !== undefined) console.warn(`skipping agent software RAID tests: ${mdReason}`);

const loops: string[] = [];
const dirs: string[] = [];
afterEach(async () => {
  if (existsSync('/proc/mdstat') && has('mdadm')) {
    for (const md of readFileSync('/proc/mdstat', 'utf8').matchAll(/^(md\d+)\s*:.*?((?:loop\d+\[\d+\]\s*)+)/gm)) {
      execFileSync('mdadm', ['--stop', `/dev/${md[1] ?? ''}`], { stdio: 'ignore' }); // only arrays on our loops match
    }
  }
  for (const loop of loops.splice(0)) execFileSync('losetup', ['-d', loop], { stdio: 'ignore' });
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function loopDisk(fill: number): Promise<InventoryDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'ferro-agent-disk-'));
  dirs.push(dir);
  const file = join(dir, 'disk.img');
  await writeFile(file, Buffer.alloc(DISK_BYTES, fill));
  const device = run('losetup', ['--find', '--show', '--partscan', file]).trim();
  loops.push(device);
  return anInventoryDisk({ name: device, size: DISK_BYTES });
}

function context(): ManagerContext & { messages: string[] } {
  const messages: string[] = [];
  return {
    node: { uuid: 'it' },
    ports: [],
    signal: AbortSignal.timeout(120_000),
    progress: (m) => messages.push(m),
    messages,
  };
}

async function readAt(path: string, offset: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, offset);
    return buffer;
  } finally {
    await handle.close();
  }
}

describe.skipIf(loopReason !== undefined)('agent disk functions on loop devices', () => {
  it('eraseDevicesMetadata removes the GPT (both copies), partition signatures and zeroes the ends', async () => {
    const disk = await loopDisk(0xaa);
    run('sgdisk', ['-n', '1:2048:+16M', '-n', '2:0:+16M', disk.name]);
    run('blockdev', ['--rereadpt', disk.name]);
    expect(run('sgdisk', ['-p', disk.name])).toMatch(/\n\s+2\s+/);
    const ctx = context();
    await eraseDevicesMetadata([disk], ctx);
    expect(run('wipefs', ['--no-act', '--noheadings', disk.name]).trim()).toBe('');
    expect((await readAt(disk.name, 0, MIB)).every((b) => b === 0)).toBe(true);
    expect((await readAt(disk.name, DISK_BYTES - MIB, MIB)).every((b) => b === 0)).toBe(true);
    expect((await readAt(disk.name, 40 * MIB, MIB)).every((b) => b === 0xaa)).toBe(true); // only metadata goes
    expect(ctx.messages).toContain(`erase_devices_metadata: ${disk.name} done`);
  });

  it('eraseDevices overwrites a loop device with zeros (no ATA/NVMe security) and reports it', async () => {
    const disk = await loopDisk(0x55);
    const ctx = context();
    const started = performance.now();
    const [report] = await eraseDevices([disk], ctx);
    console.info(`zero overwrite of ${DISK_BYTES / MIB} MiB: ${Math.round(performance.now() - started)} ms`);
    expect(report).toMatchObject({ disk: disk.name, method: 'zero-overwrite' });
    expect((await readFile(disk.name)).every((b) => b === 0)).toBe(true);
    expect(ctx.messages.some((m) => m.includes(`${disk.name} 64 of 64 MiB`))).toBe(true);
  });

  it('listDisks on this machine lists no loop, zram or ram devices', async () => {
    await loopDisk(0);
    const disks = await listDisks({ fileDisks: [] });
    expect(disks.filter((d) => /\/(loop|zram|ram)\d/.test(d.name))).toEqual([]);
    for (const d of disks) expect(d.size).toBeGreaterThan(0);
  });

  it('listDisks in file-disk mode never looks at the host', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferro-agent-disk-'));
    dirs.push(dir);
    await writeFile(join(dir, 'a.img'), '');
    await truncate(join(dir, 'a.img'), 8 * MIB);
    expect(await listDisks({ fileDisks: [join(dir, 'a.img')] })).toMatchObject([
      { name: join(dir, 'a.img'), size: 8 * MIB, serial: 'a.img' },
    ]);
  });
});

describe.skipIf(mdReason !== undefined)('software RAID-1 with mdadm on loop devices', () => {
  it('builds ferro-root with metadata 1.0: each member starts with what was written to the array; delete removes the superblocks', async () => {
    const disks = [await loopDisk(0), await loopDisk(0)];
    const ctx = context();
    const config = await createSoftwareRaid(
      { logical_disks: [{ size_gb: 'MAX', raid_level: '1', controller: 'software' }] },
      disks,
      ctx,
    );
    expect(config).toMatchObject({
      logical_disks: [
        {
          raid_level: '1',
          controller: 'software',
          is_root_volume: true,
          root_device_hint: { name: '/dev/md/ferro-root' },
          physical_disks: disks.map((d) => d.name),
        },
      ],
    });
    const root = await softwareRaidRootDevice();
    expect(root?.name).toMatch(/\/dev\/md/);
    const pattern = Buffer.alloc(2 * MIB);
    for (let i = 0; i < pattern.length; i++) pattern[i] = (i * 7 + 3) % 251;
    const handle = await open(root?.name ?? '', 'r+');
    await handle.write(pattern, 0, pattern.length, 0);
    await handle.sync();
    await handle.close();
    for (const d of disks) {
      run('blockdev', ['--flushbufs', d.name]);
      expect((await readAt(d.name, 0, pattern.length)).equals(pattern)).toBe(true);
    }
    await deleteSoftwareRaid(ctx);
    expect(await softwareRaidRootDevice()).toBeUndefined();
    for (const d of disks) expect(() => run('mdadm', ['--examine', d.name])).toThrow();
  });
});
