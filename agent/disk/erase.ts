import { realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { InventoryDisk, JsonValue } from '../../core/index.js';
import { AgentError } from '../commands/agent-error.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import { readSysfsText } from './block-device-facts.js';
import { defaultDiskDeps, type DiskDeps } from './disk-deps.js';
import { blockDeviceEraseError } from './disk-errors.js';
import { arraysUsing, listPartitions, stopAndZeroArray } from './md-arrays.js';
import { ataErase, nvmeErase } from './secure-erase.js';
import { zeroDiskEnds, zeroWholeDisk } from './zero-fill.js';

/** How a disk was erased by eraseDevices. */
export type EraseMethod = 'nvme-format' | 'ata-secure-erase' | 'zero-overwrite' | 'skipped-read-only';

/** One disk's outcome: the method used and how long it took (the step's command_result lists these). */
export interface DiskEraseReport {
  disk: string;
  method: EraseMethod;
  seconds: number;
}

/** A disk resolved to what it is on this machine. */
interface Target {
  disk: InventoryDisk;
  /** Kernel name (`vda`, `md127`) for block devices; undefined for the regular files of file-disk mode. */
  kname: string | undefined;
  sizeBytes: number;
}

/**
 * IPA erase_devices_metadata: stop md arrays built on these disks and zero their members' superblocks, then
 * per disk `wipefs --force --all` on each partition and the disk, zero the first and last MiB (MBR, both
 * GPTs) and re-read the partition table. File disks get only the zeroing. Read-only disks are skipped as
 * in IPA. Every disk is tried; failures are reported together as BlockDeviceEraseError.
 */
export async function eraseDevicesMetadata(
  disks: readonly InventoryDisk[],
  ctx: ManagerContext,
  deps: DiskDeps = defaultDiskDeps,
): Promise<void> {
  const targets = await prepareTargets(disks, ctx, deps);
  const failures: string[] = [];
  for (const target of targets) {
    ctx.signal.throwIfAborted();
    if (await isReadOnly(target, deps)) {
      ctx.progress(`erase_devices_metadata: skipping read-only device ${target.disk.name}`);
      continue;
    }
    try {
      await destroyMetadata(target, deps, ctx.signal);
      ctx.progress(`erase_devices_metadata: ${target.disk.name} done`);
    } catch (error) {
      failures.push(`"${target.disk.name}": ${(error as Error).message}`);
    }
  }
  if (failures.length > 0)
    throw blockDeviceEraseError(`Failed to erase the metadata on the device(s): ${failures.join('; ')}`);
}

async function destroyMetadata(target: Target, deps: DiskDeps, signal: AbortSignal): Promise<void> {
  if (target.kname !== undefined) {
    // Partitions first, in reverse order, so their signatures go before the table that describes them.
    for (const partition of (await listPartitions(target.kname, deps)).reverse()) {
      await deps.run('wipefs', ['--force', '--all', join(deps.devRoot, partition)], { signal });
    }
    await deps.run('wipefs', ['--force', '--all', target.disk.name], { signal });
  }
  await zeroDiskEnds(target.disk.name, target.sizeBytes);
  if (target.kname !== undefined) {
    // The kernel may refuse while something holds the disk; the table is zeroed either way.
    await deps.run('blockdev', ['--rereadpt', target.disk.name], { signal, check: false });
  }
}

/**
 * IPA erase_devices, one disk after another: NVMe format (crypto erase when supported), else ATA Security
 * Erase when supported and not frozen, else one pass of zeros with progress. driver_internal_info flags as
 * in IPA: agent_enable_nvme_secure_erase, agent_enable_ata_secure_erase (default true),
 * agent_continue_if_secure_erase_failed (fall back to zeros when a supported secure erase fails; default
 * false), agent_erase_skip_read_only (skip instead of fail on read-only disks). Returns per-disk reports.
 */
export async function eraseDevices(
  disks: readonly InventoryDisk[],
  ctx: ManagerContext,
  deps: DiskDeps = defaultDiskDeps,
): Promise<DiskEraseReport[]> {
  const targets = await prepareTargets(disks, ctx, deps);
  const reports: DiskEraseReport[] = [];
  const failures: string[] = [];
  for (const target of targets) {
    ctx.signal.throwIfAborted();
    const started = performance.now();
    try {
      const method = await eraseOne(target, ctx, deps);
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      reports.push({ disk: target.disk.name, method, seconds });
      ctx.progress(`erase_devices: ${target.disk.name} erased by ${method} in ${seconds} s`);
    } catch (error) {
      failures.push(`"${target.disk.name}": ${error instanceof AgentError ? error.details : (error as Error).message}`);
    }
  }
  if (failures.length > 0) throw blockDeviceEraseError(`Failed to erase the device(s): ${failures.join('; ')}`);
  return reports;
}

async function eraseOne(target: Target, ctx: ManagerContext, deps: DiskDeps): Promise<EraseMethod> {
  const info = driverInternalInfo(ctx);
  const name = target.disk.name;
  if (await isReadOnly(target, deps)) {
    if (info['agent_erase_skip_read_only'] === true) return 'skipped-read-only';
    throw blockDeviceEraseError(
      `Failed to invoke erase of device ${name} as the device is flagged read-only, and the conductor has not signaled this is a permitted case.`,
    );
  }
  if (target.kname !== undefined) {
    try {
      if (target.kname.startsWith('nvme')) {
        if (info['agent_enable_nvme_secure_erase'] !== false && (await nvmeErase(name, deps, ctx.signal)))
          return 'nvme-format';
      } else if (info['agent_enable_ata_secure_erase'] !== false && (await ataErase(name, deps, ctx.signal))) {
        return 'ata-secure-erase';
      }
    } catch (error) {
      const fallback = info['agent_continue_if_secure_erase_failed'] ?? info['agent_continue_if_ata_erase_failed'];
      if (fallback !== true) throw error;
      ctx.progress(
        `erase_devices: secure erase of ${name} failed, overwriting with zeros: ${(error as AgentError).details}`,
      );
    }
  }
  await zeroWholeDisk(name, target.sizeBytes, ctx.signal, (done, total) => {
    ctx.progress(`erase_devices: ${name} ${done} of ${total} MiB`);
  });
  return 'zero-overwrite';
}

/** Resolves the disks, then stops the md arrays built on them (their members are busy while assembled). */
async function prepareTargets(disks: readonly InventoryDisk[], ctx: ManagerContext, deps: DiskDeps): Promise<Target[]> {
  const resolved: Target[] = [];
  for (const disk of disks) resolved.push(await resolveTarget(disk, deps));
  const knames = resolved.flatMap((t) => (t.kname === undefined ? [] : [t.kname]));
  const arrays = await arraysUsing(knames, deps);
  for (const array of arrays) {
    ctx.progress(`stopping md array ${array.device} (members ${array.members.join(', ')})`);
    await stopAndZeroArray(array, deps, ctx.signal);
  }
  const stopped = new Set(arrays.map((a) => a.kname));
  // An array in the list is gone once stopped; its members are erased in their own right.
  return resolved.filter((t) => t.kname === undefined || !stopped.has(t.kname));
}

async function resolveTarget(disk: InventoryDisk, deps: DiskDeps): Promise<Target> {
  let isBlock: boolean;
  try {
    isBlock = await deps.isBlockDevice(disk.name);
  } catch (error) {
    throw blockDeviceEraseError(`device ${disk.name} cannot be opened: ${(error as Error).message}`);
  }
  if (!isBlock) return { disk, kname: undefined, sizeBytes: (await stat(disk.name)).size };
  return { disk, kname: basename(await realpath(disk.name)), sizeBytes: disk.size };
}

async function isReadOnly(target: Target, deps: DiskDeps): Promise<boolean> {
  if (target.kname === undefined) return false;
  return (await readSysfsText(join(deps.sysfsRoot, 'block', target.kname, 'ro'))) === '1';
}

function driverInternalInfo(ctx: ManagerContext): Record<string, JsonValue | undefined> {
  const info = ctx.node['driver_internal_info'];
  return typeof info === 'object' && info !== null && !Array.isArray(info) ? info : {};
}
