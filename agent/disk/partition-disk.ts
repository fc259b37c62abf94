import type { DiskDeps } from './disk-deps.js';
import { deviceNotFound } from './disk-errors.js';
import { partitionPath, sfdiskScript, type PartitionPlan, type PartitionRole } from './partition-layout.js';

/** Partition device paths by IPA part_dict key (`root`, `swap`, `efi system partition` …). */
export type PartitionPaths = Partial<Record<PartitionRole, string>>;

/** How the new partitions are formatted (IPA work_on_disk). */
export interface FormatOptions {
  /** mkfs type for the ephemeral partition (image_info ephemeral_format), default ext4. */
  ephemeralFormat: string;
}

/** Bounded wait for the kernel to create the partition device nodes after the table is written. */
const NODE_WAIT_ATTEMPTS = 50;
const NODE_WAIT_MS = 100;

/**
 * Writes a fresh partition table (IPA destroy_disk_metadata + make_partitions): old signatures wiped, the plan
 * written by sfdisk (which also asks the kernel to re-read the table), `partx -u` for kernels that missed it,
 * then waits until every partition device exists. Formats the ESP (vfat, IPA label efi-part, upper-cased as FAT wants), swap (swap1) and
 * ephemeral (ephemeral0) as IPA does; root is left for the image.
 */
export async function partitionDisk(deps: DiskDeps, device: string, plan: PartitionPlan, format: FormatOptions, signal: AbortSignal): Promise<PartitionPaths> {
  await deps.run('wipefs', ['--all', '--force', device], { signal });
  await deps.run('sfdisk', ['--wipe', 'always', '--wipe-partitions', 'always', device], { signal, input: sfdiskScript(plan) });
  // Some kernels (and loop devices attached without partscan) miss sfdisk's BLKRRPART; partx adds what is missing.
  await deps.run('partx', ['-u', device], { signal, check: false });
  const paths: PartitionPaths = {};
  for (const p of plan.partitions) paths[p.role] = partitionPath(device, p.number);
  for (const path of Object.values(paths)) await waitForBlockDevice(deps, path, signal);
  const esp = paths['efi system partition'];
  if (esp !== undefined) await deps.run('mkfs.vfat', ['-F', '32', '-n', 'EFI-PART', esp], { signal });
  if (paths.swap !== undefined) await deps.run('mkswap', ['-L', 'swap1', paths.swap], { signal });
  if (paths.ephemeral !== undefined) {
    await deps.run(`mkfs.${format.ephemeralFormat}`, mkfsLabelArgs(format.ephemeralFormat, 'ephemeral0', paths.ephemeral), { signal });
  }
  return paths;
}

/** vfat takes `-n` for its label, the others `-L`; ext* need -F to format a whole device without asking. */
function mkfsLabelArgs(fsType: string, label: string, path: string): string[] {
  if (fsType === 'vfat' || fsType === 'fat') return ['-n', label.toUpperCase(), path];
  if (fsType.startsWith('ext')) return ['-F', '-L', label, path];
  return ['-L', label, path];
}

async function waitForBlockDevice(deps: DiskDeps, path: string, signal: AbortSignal): Promise<void> {
  for (let attempt = 0; attempt < NODE_WAIT_ATTEMPTS; attempt++) {
    if (await deps.isBlockDevice(path).catch(() => false)) return;
    await deps.sleep(NODE_WAIT_MS, signal);
  }
  throw deviceNotFound(`partition ${path} did not appear within ${String((NODE_WAIT_ATTEMPTS * NODE_WAIT_MS) / 1000)} s after partitioning`);
}

/** What blkid's low-level probe says about one partition. */
export interface BlockIdentity {
  /** File system UUID, when it has a file system. */
  uuid: string | undefined;
  /** Partition UUID (GPT GUID, or `<disk id>-<nn>` on msdos). */
  partUuid: string | undefined;
  /** Partition number in its table. */
  partNumber: number | undefined;
}

/**
 * Reads a partition's identity with `blkid -p` (a probe, no cache; the ramdisk has no udev database to ask).
 * IPA's block_uuid reports the file system UUID and falls back to the PARTUUID.
 */
export async function blockIdentity(deps: Pick<DiskDeps, 'run'>, path: string, signal: AbortSignal): Promise<BlockIdentity> {
  const out = await deps.run('blkid', ['-p', '-o', 'export', path], { signal, check: false });
  const fields = new Map<string, string>();
  for (const line of out.stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  const number = Number(fields.get('PART_ENTRY_NUMBER'));
  return { uuid: fields.get('UUID'), partUuid: fields.get('PART_ENTRY_UUID'), partNumber: Number.isInteger(number) && number > 0 ? number : undefined };
}

/** IPA block_uuid: the file system UUID, else the partition UUID; throws when neither is known. */
export async function blockUuid(deps: Pick<DiskDeps, 'run'>, path: string, signal: AbortSignal): Promise<string> {
  const id = await blockIdentity(deps, path, signal);
  const uuid = id.uuid ?? id.partUuid;
  if (uuid === undefined || uuid === '') throw deviceNotFound(`blkid reports neither a file system UUID nor a partition UUID for ${path}`);
  return uuid;
}
