import { access, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { InventoryDisk, JsonObject } from '../../core/index.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import { defaultDiskDeps, type DiskDeps } from './disk-deps.js';
import { incompatibleHardwareMethod, softwareRaidError } from './disk-errors.js';
import { listBlockDevices } from './list-disks.js';
import { arraysUsing, listMdArrays, stopAndZeroArray } from './md-arrays.js';
import { planSoftwareRaid, ROOT_ARRAY_NAME, type PlannedArray } from './raid-plan.js';

// Software RAID with mdadm (IPA create_configuration / delete_configuration), shaped for whole-disk images:
// see raid-plan.ts for the design and its limits. Limits worth knowing before using it:
//  - the image's backup GPT ends up at the end of the md device, not of the member disk (firmware and Linux
//    accept this and warn; `sgdisk -e` in the instance moves it);
//  - the instance OS must assemble the array (mdadm in its initramfs) before mounting, or it may mount a
//    member's partition directly and the mirror drifts; root=UUID= finds the same file system either way;
//  - a freshly created RAID-1 resyncs in the background while the image is written.

/** How long to wait for udev or mdadm to create /dev/md/<name> (100 checks 100 ms apart). */
const DEVICE_WAIT_CHECKS = 100;
const DEVICE_WAIT_INTERVAL_MS = 100;

/**
 * Builds the arrays of target_raid_config from whole disks and returns the RAID config as built, in Ironic's
 * format: logical_disks with size_gb (actual GiB), raid_level, controller "software", is_root_volume,
 * volume_name, physical_disks (member device names) and, for the root volume, root_device_hint
 * {name: /dev/md/ferro-root}. The root volume (RAID-1 only) uses metadata 1.0 so each member boots alone.
 */
export async function createSoftwareRaid(
  targetRaidConfig: JsonObject,
  disks: readonly InventoryDisk[],
  ctx: ManagerContext,
  deps: DiskDeps = defaultDiskDeps,
): Promise<JsonObject> {
  const plan = planSoftwareRaid(targetRaidConfig, disks);
  await requireMdSupport(deps, ctx.signal);
  const busy = await arraysUsing(
    await knamesOf(
      plan.flatMap((a) => a.members),
      deps,
    ),
    deps,
  );
  if (busy.length > 0) {
    throw softwareRaidError(
      `Existing Software RAID device detected: ${busy.map((a) => `${a.device} (${a.members.join(', ')})`).join('; ')}; run delete_configuration first`,
    );
  }
  const built: JsonObject[] = [];
  for (const array of plan) {
    ctx.signal.throwIfAborted();
    ctx.progress(
      `create_configuration: building RAID-${array.raidLevel} ${array.name} on ${array.members.map((d) => d.name).join(', ')}`,
    );
    const device = await createArray(array, deps, ctx.signal);
    const sizeBytes = Number(
      (await deps.run('blockdev', ['--getsize64', device], { signal: ctx.signal })).stdout.trim(),
    );
    built.push({
      size_gb: Math.floor(sizeBytes / 1024 ** 3),
      raid_level: array.raidLevel,
      controller: 'software',
      is_root_volume: array.isRootVolume,
      volume_name: array.name,
      physical_disks: array.members.map((d) => d.name),
      ...(array.isRootVolume ? { root_device_hint: { name: `/dev/md/${array.name}` } } : {}),
    });
  }
  return { logical_disks: built };
}

/** `mdadm --create`, then waits for the device node; returns the array's device path. */
async function createArray(array: PlannedArray, deps: DiskDeps, signal: AbortSignal): Promise<string> {
  const device = join(deps.devRoot, 'md', array.name);
  const args = [
    '--create',
    device,
    '--run',
    // 1.0 keeps the superblock at the end so members start with the image; 1.2 (mdadm's default) elsewhere.
    `--metadata=${array.isRootVolume ? '1.0' : '1.2'}`,
    // "any": the name carries no host prefix, so the array is /dev/md/<name> on whatever host assembles it.
    '--homehost=any',
    `--name=${array.name}`,
    `--level=${array.mdadmLevel}`,
    `--raid-devices=${array.members.length}`,
    ...(array.sizeGb === 'MAX' ? [] : [`--size=${array.sizeGb * 1024 * 1024}`]), // KiB per member
    ...array.members.map((d) => d.name),
  ];
  try {
    await deps.run('mdadm', args, { signal });
  } catch (error) {
    throw softwareRaidError(
      `Failed to create md device ${device} on ${array.members.map((d) => d.name).join(', ')}: ${(error as Error).message}`,
    );
  }
  return waitForArray(array.name, deps, signal);
}

/** The device path of array `name` once it exists: /dev/md/<name>, else the /dev/mdN mdadm reports it as. */
async function waitForArray(name: string, deps: DiskDeps, signal: AbortSignal): Promise<string> {
  for (let check = 0; check < DEVICE_WAIT_CHECKS; check++) {
    const found = await findArray(name, deps, signal);
    if (found !== undefined) return found;
    await deps.sleep(DEVICE_WAIT_INTERVAL_MS, signal);
  }
  throw softwareRaidError(
    `md array ${name} was created but no device node appeared within ${(DEVICE_WAIT_CHECKS * DEVICE_WAIT_INTERVAL_MS) / 1000} s`,
  );
}

/** Finds an assembled array by its md name (MD_NAME "any:<name>" or "<host>:<name>"). */
async function findArray(name: string, deps: DiskDeps, signal?: AbortSignal): Promise<string | undefined> {
  const link = join(deps.devRoot, 'md', name);
  if (await exists(link)) return link;
  for (const array of await listMdArrays(deps)) {
    const { stdout } = await deps.run('mdadm', ['--detail', '--export', array.device], {
      check: false,
      ...(signal === undefined ? {} : { signal }),
    });
    const mdName = /^MD_NAME=(.*)$/m.exec(stdout)?.[1]?.trim();
    if (mdName === name || mdName?.endsWith(`:${name}`) === true) return array.device;
  }
  return undefined;
}

/**
 * IPA delete_configuration: assemble whatever arrays the disks describe, stop every array and zero its
 * members' superblocks, then zero any superblock left on a device that belonged to no running array.
 */
export async function deleteSoftwareRaid(ctx: ManagerContext, deps: DiskDeps = defaultDiskDeps): Promise<void> {
  if (!(await hasMdSupport(deps))) return; // no md driver: there can be no arrays
  const options = { signal: ctx.signal, check: false };
  await deps.run('mdadm', ['--assemble', '--scan'], options);
  for (const array of await listMdArrays(deps)) {
    ctx.progress(`delete_configuration: stopping ${array.device} (members ${array.members.join(', ')})`);
    try {
      await stopAndZeroArray(array, deps, ctx.signal);
    } catch (error) {
      throw softwareRaidError(`Failed to delete md device ${array.device}: ${(error as Error).message}`);
    }
  }
  // -c /dev/null: probe the devices now instead of trusting blkid's cache.
  const { stdout } = await deps.run(
    'blkid',
    ['-c', '/dev/null', '-t', 'TYPE=linux_raid_member', '-o', 'device'],
    options,
  );
  for (const member of stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')) {
    ctx.progress(`delete_configuration: zeroing leftover md superblock on ${member}`);
    await deps.run('mdadm', ['--zero-superblock', member], { signal: ctx.signal });
  }
}

/**
 * The md device holding the root volume (array ferro-root) as an InventoryDisk named /dev/md/ferro-root
 * when that link exists, else /dev/mdN; undefined when there is no such array. The image goes there.
 */
export async function softwareRaidRootDevice(
  signal?: AbortSignal,
  deps: DiskDeps = defaultDiskDeps,
): Promise<InventoryDisk | undefined> {
  if ((await listMdArrays(deps)).length === 0) return undefined;
  const device = await findArray(ROOT_ARRAY_NAME, deps, signal);
  if (device === undefined) return undefined;
  const kname = basename(await realpath(device));
  const listed = (await listBlockDevices(deps, signal, [join(deps.devRoot, kname)])).find((d) => d.name === join(deps.devRoot, kname));
  if (listed === undefined) throw softwareRaidError(`md array ${ROOT_ARRAY_NAME} (${device}) is not listed by lsblk`);
  const { readOnly: _readOnly, ...disk } = listed;
  return { ...disk, name: device };
}

async function requireMdSupport(deps: DiskDeps, signal: AbortSignal): Promise<void> {
  if (await hasMdSupport(deps)) return;
  await deps.run('modprobe', ['md_mod'], { signal, check: false }); // a ramdisk with modules loads it on demand
  if (!(await hasMdSupport(deps))) {
    throw incompatibleHardwareMethod(
      'Software RAID needs the Linux md driver (/proc/mdstat is missing: load md_mod and raid1) and mdadm',
    );
  }
}

/** md is available when sysfs has the md module (/sys/module/md_mod) or the kernel has it built in (/sys/block/md*). */
async function hasMdSupport(deps: DiskDeps): Promise<boolean> {
  return (await exists(join(deps.sysfsRoot, 'module', 'md_mod'))) || (await listMdArrays(deps)).length > 0;
}

async function knamesOf(disks: readonly InventoryDisk[], deps: DiskDeps): Promise<string[]> {
  const names: string[] = [];
  for (const disk of disks)
    names.push(basename(await realpath(disk.name).catch(() => join(deps.devRoot, basename(disk.name)))));
  return names;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
