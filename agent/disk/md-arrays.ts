import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskDeps } from './disk-deps.js';

// Linux md arrays as sysfs shows them: /sys/block/mdN/slaves/<member> for every member (a disk or a
// partition). Read from sysfs rather than /proc/mdstat so unit tests use a fixture tree.

/** An assembled md array and the kernel names of its members. */
export interface MdArray {
  /** `md127` */
  kname: string;
  /** `/dev/md127` */
  device: string;
  /** Kernel names of members: `vda`, `sdb1`. */
  members: string[];
}

/** Every assembled md array. */
export async function listMdArrays(deps: DiskDeps): Promise<MdArray[]> {
  const names = (await readdir(join(deps.sysfsRoot, 'block')).catch(() => [])).filter((n) => /^md\d+$/.test(n)).sort();
  const arrays: MdArray[] = [];
  for (const kname of names) {
    const members = (await readdir(join(deps.sysfsRoot, 'block', kname, 'slaves')).catch(() => [])).sort();
    arrays.push({ kname, device: join(deps.devRoot, kname), members });
  }
  return arrays;
}

/** Partition names of whole device `kname` (sysfs subdirectories that have a `partition` attribute). */
export async function listPartitions(kname: string, deps: DiskDeps): Promise<string[]> {
  const dir = join(deps.sysfsRoot, 'block', kname);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const partitions: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(kname)) continue;
    const hasPartitionFile = await readdir(join(dir, entry.name)).then(
      (files) => files.includes('partition'),
      () => false,
    );
    if (hasPartitionFile) partitions.push(entry.name);
  }
  return partitions.sort();
}

/**
 * Stops `array` and zeroes the md superblock of each member, so the kernel will not assemble it again
 * (IPA delete_configuration: `mdadm --stop`, then `mdadm --zero-superblock` per component).
 */
export async function stopAndZeroArray(array: MdArray, deps: DiskDeps, signal?: AbortSignal): Promise<void> {
  const options = signal === undefined ? {} : { signal };
  await deps.run('mdadm', ['--stop', array.device], options);
  for (const member of array.members) {
    await deps.run('mdadm', ['--zero-superblock', join(deps.devRoot, member)], options);
  }
}

/** Arrays that use any of the whole devices `knames` (or their partitions), or are one of them. */
export async function arraysUsing(knames: readonly string[], deps: DiskDeps): Promise<MdArray[]> {
  const arrays = await listMdArrays(deps);
  const used: MdArray[] = [];
  for (const array of arrays) {
    if (knames.includes(array.kname)) {
      used.push(array);
      continue;
    }
    for (const kname of knames) {
      const partitions = await listPartitions(kname, deps);
      if (array.members.some((m) => m === kname || partitions.includes(m))) {
        used.push(array);
        break;
      }
    }
  }
  return used;
}
