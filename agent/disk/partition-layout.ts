import { invalidCommandParams } from '../commands/agent-error.js';

/** Firmware the instance boots with (IPA's boot_mode). */
export type BootMode = 'bios' | 'uefi';
/** Partition table type (Ironic's disk_label capability). */
export type DiskLabel = 'msdos' | 'gpt';
/** What a partition of a partition-image layout holds; names are IPA's part_dict keys. */
export type PartitionRole = 'efi system partition' | 'BIOS Boot partition' | 'ephemeral' | 'swap' | 'root';

/** What the conductor asked for (image_info root_mb, swap_mb, ephemeral_mb plus boot mode and label). */
export interface PartitionRequest {
  diskBytes: number;
  /** 0 means "the rest of the disk". */
  rootMb: number;
  swapMb: number;
  ephemeralMb: number;
  bootMode: BootMode;
  /** Absent: gpt for UEFI, msdos for BIOS (IPA make_partitions). */
  diskLabel?: DiskLabel;
}

/** One partition, in table order. `sizeMb` undefined = the rest of the disk. */
export interface PlannedPartition {
  number: number;
  role: PartitionRole;
  sizeMb: number | undefined;
  /** sfdisk type: an MBR type byte or a GPT type GUID. */
  type: string;
  bootable: boolean;
}

/** The table to write. */
export interface PartitionPlan {
  label: DiskLabel;
  partitions: PlannedPartition[];
}

/** IPA's CONF.disk_utils.efi_system_partition_size and bios_boot_partition_size, in MiB. */
export const EFI_SYSTEM_PARTITION_MB = 550;
export const BIOS_BOOT_PARTITION_MB = 1;

// MBR type bytes and GPT type GUIDs for sfdisk (util-linux, "sfdisk --list-types").
const TYPES: Readonly<Record<PartitionRole, Readonly<Record<DiskLabel, string>>>> = {
  'efi system partition': { msdos: 'ef', gpt: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B' },
  'BIOS Boot partition': { msdos: '', gpt: '21686148-6449-6E6F-744E-656564454649' },
  ephemeral: { msdos: '83', gpt: '0FC63DAF-8483-4772-8E79-3D69E4C47DE4' },
  swap: { msdos: '82', gpt: '0657FD6D-A4AB-438C-8EE7-7C7D3C2A8DFE' },
  root: { msdos: '83', gpt: '0FC63DAF-8483-4772-8E79-3D69E4C47DE4' },
};

/**
 * The layout IPA's disk_utils.make_partitions builds for a partition image with local boot: an ESP (UEFI) or
 * a 1 MiB BIOS boot partition (BIOS on GPT, where GRUB's core.img lives), then ephemeral, swap, and root
 * last, so that root can take the rest of the disk. On msdos with BIOS, root carries the boot flag.
 * Refuses sizes that do not fit: 1 MiB is kept at the start (alignment) and at the end (GPT backup).
 */
export function planPartitions(request: PartitionRequest): PartitionPlan {
  const label = request.diskLabel ?? (request.bootMode === 'uefi' ? 'gpt' : 'msdos');
  for (const [name, value] of [['root_mb', request.rootMb], ['swap_mb', request.swapMb], ['ephemeral_mb', request.ephemeralMb]] as const) {
    if (!Number.isInteger(value) || value < 0) throw invalidCommandParams(`${name} must be a whole number of MiB >= 0, not ${String(value)}`);
  }
  const wanted: Array<[PartitionRole, number | undefined]> = [];
  if (request.bootMode === 'uefi') wanted.push(['efi system partition', EFI_SYSTEM_PARTITION_MB]);
  if (request.bootMode === 'bios' && label === 'gpt') wanted.push(['BIOS Boot partition', BIOS_BOOT_PARTITION_MB]);
  if (request.ephemeralMb > 0) wanted.push(['ephemeral', request.ephemeralMb]);
  if (request.swapMb > 0) wanted.push(['swap', request.swapMb]);
  wanted.push(['root', request.rootMb > 0 ? request.rootMb : undefined]);
  checkFits(request, wanted.map(([, size]) => size ?? 1));
  const partitions = wanted.map(([role, sizeMb], index): PlannedPartition => ({
    number: index + 1,
    role,
    sizeMb,
    type: TYPES[role][label],
    bootable: role === 'root' && label === 'msdos' && request.bootMode === 'bios',
  }));
  return { label, partitions };
}

function checkFits(request: PartitionRequest, sizesMb: number[]): void {
  const diskMb = Math.floor(request.diskBytes / 1_048_576);
  const neededMb = sizesMb.reduce((sum, size) => sum + size, 0) + 2;
  if (neededMb > diskMb) {
    throw invalidCommandParams(
      `the partitions do not fit on the disk: root_mb ${String(request.rootMb)} + swap_mb ${String(request.swapMb)} + ephemeral_mb ${String(request.ephemeralMb)}` +
        ` + boot partitions need ${String(neededMb)} MiB (with 2 MiB for alignment and the GPT backup), the disk has ${String(diskMb)} MiB`,
    );
  }
}

/** The plan as an sfdisk script (sfdisk(8) "Input format"): one line per partition, root without size last. */
export function sfdiskScript(plan: PartitionPlan): string {
  // sfdisk calls Ironic's msdos label "dos".
  const lines = [`label: ${plan.label === 'msdos' ? 'dos' : 'gpt'}`, ''];
  for (const p of plan.partitions) {
    const fields = [p.sizeMb === undefined ? '' : `size=${String(p.sizeMb)}MiB`, `type=${p.type}`];
    if (p.bootable) fields.push('bootable');
    lines.push(fields.filter((f) => f !== '').join(', '));
  }
  return `${lines.join('\n')}\n`;
}

/** The device path of partition `number` (IPA partition_index_to_path): `p` after a name ending in a digit. */
export function partitionPath(device: string, number: number): string {
  return /\d$/.test(device) ? `${device}p${String(number)}` : `${device}${String(number)}`;
}
