import { access, mkdir, mkdtemp, rm, rmdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { JsonObject } from '../../core/index.js';
import type { CommandRunner } from '../disk/disk-deps.js';
import { deviceNotFound } from '../disk/disk-errors.js';
import { blockIdentity } from '../disk/partition-disk.js';
import { runCommand } from '../run-command.js';
import { commandExecutionError, invalidCommandParams } from './agent-error.js';

/** What installing GRUB needs: programs and a little file system access, injectable for unit tests. */
export interface BootloaderDeps {
  run: CommandRunner;
  exists(path: string): Promise<boolean>;
  makeTempDir(): Promise<string>;
  makeDir(path: string): Promise<void>;
  removeDir(path: string): Promise<void>;
  /** Makes `path` a symbolic link to `target`, replacing a dangling one. */
  makeLink(target: string, path: string): Promise<void>;
}

/** The real machine. */
export const defaultBootloaderDeps: BootloaderDeps = {
  run: runCommand,
  exists: (path) => access(path).then(() => true, () => false),
  makeTempDir: () => mkdtemp(join(tmpdir(), 'ferro-root-')),
  makeDir: async (path) => { await mkdir(path, { recursive: true }); },
  removeDir: (path) => rmdir(path),
  makeLink: async (target, path) => {
    await rm(path, { force: true });
    await symlink(target, path);
  },
};

/** image.install_bootloader's parameters (Ironic agent_client.install_bootloader). */
export interface InstallBootloaderParams {
  rootUuid: string | undefined;
  efiSystemPartUuid: string | undefined;
  targetBootMode: 'bios' | 'uefi';
}

/** The EFI loader directory and boot entry label Ferro installs (IPA labels its entries "ironic<n>"). */
const EFI_BOOTLOADER_ID = 'ferro';
/** PATH inside the chroot: grub-install looks for efibootmgr, grub-probe and friends on it. */
const CHROOT_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
// IPA BIND_MOUNTS plus sysfs, mounted for grub-probe and grub-mkconfig to see the disks.
const BIND_MOUNTS = ['/dev', '/proc', '/run'] as const;

/** Parses and checks install_bootloader's parameters (IPA names: root_uuid, efi_system_part_uuid …). */
export function installBootloaderParams(params: JsonObject): InstallBootloaderParams {
  const text = (key: string): string | undefined => {
    const value = params[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw invalidCommandParams(`${key} must be a string`);
    return value;
  };
  const mode = text('target_boot_mode') ?? (text('efi_system_part_uuid') === undefined ? 'bios' : 'uefi');
  if (mode !== 'bios' && mode !== 'uefi') throw invalidCommandParams(`target_boot_mode must be bios or uefi, not ${mode}`);
  if (text('prep_boot_part_uuid') !== undefined) throw invalidCommandParams('PReP boot partitions (ppc64) are not supported by the Ferro agent');
  return { rootUuid: text('root_uuid'), efiSystemPartUuid: text('efi_system_part_uuid'), targetBootMode: mode };
}

/**
 * IPA image.install_bootloader / _install_grub2 for partition images: mounts the root partition, bind-mounts
 * /dev /proc /run and sysfs, and runs the image's own grub-install (grub2-install on Red Hat-style images)
 * in a chroot: onto the disk for BIOS, into the ESP mounted at /boot/efi for UEFI (named and --removable,
 * as IPA does, so firmware without our boot entry still finds BOOTX64.EFI), then grub-mkconfig (after making the
 * /dev/disk/by-uuid link udev would have made, so that it writes root=UUID=…). For UEFI the ramdisk's efibootmgr
 * registers the loader. Everything mounted is unmounted, also on failure.
 * A missing root UUID means a whole-disk image: nothing to do, as in IPA.
 */
export async function installBootloader(deps: BootloaderDeps, params: InstallBootloaderParams, signal: AbortSignal): Promise<string> {
  if (params.rootUuid === undefined || params.rootUuid === '0x00000000') return 'no root UUID, assuming a whole-disk image that carries its own bootloader';
  const root = await findPartition(deps, params.rootUuid, signal);
  const disk = await parentDisk(deps, root, signal);
  const esp = params.targetBootMode === 'uefi' ? await espOf(deps, params, signal) : undefined;
  await linkLikeUdev(deps, root, signal);
  const dir = await deps.makeTempDir();
  const mounted: string[] = [];
  try {
    await mountAt(deps, ['mount', root, dir], dir, mounted, signal);
    const grub = await grubName(deps, dir);
    for (const fs of BIND_MOUNTS) await mountAt(deps, ['mount', '-o', 'bind', fs, dir + fs], dir + fs, mounted, signal);
    await mountAt(deps, ['mount', '-t', 'sysfs', 'none', `${dir}/sys`], `${dir}/sys`, mounted, signal);
    if (esp === undefined) {
      await chroot(deps, dir, [`/usr/sbin/${grub}-install`, disk], signal);
    } else {
      await deps.makeDir(`${dir}/boot/efi`);
      await mountAt(deps, ['mount', esp.path, `${dir}/boot/efi`], `${dir}/boot/efi`, mounted, signal);
      const efi = [`/usr/sbin/${grub}-install`, '--target=x86_64-efi', '--efi-directory=/boot/efi', '--no-nvram'];
      await chroot(deps, dir, [...efi, `--bootloader-id=${EFI_BOOTLOADER_ID}`], signal);
      await chroot(deps, dir, [...efi, '--removable'], signal);
    }
    await chroot(deps, dir, [`/usr/sbin/${grub}-mkconfig`, '-o', `/boot/${grub}/grub.cfg`], signal);
  } catch (error) {
    await unmountAll(deps, mounted, dir).catch(() => undefined); // the first failure is the one to report
    throw error;
  }
  await unmountAll(deps, mounted, dir);
  if (esp !== undefined) await registerEfiEntry(deps, disk, esp.number, signal);
  return `${esp === undefined ? 'BIOS' : 'UEFI'} GRUB installed on ${disk} from the image's ${root}`;
}

async function espOf(deps: BootloaderDeps, params: InstallBootloaderParams, signal: AbortSignal): Promise<{ path: string; number: number }> {
  if (params.efiSystemPartUuid === undefined) throw invalidCommandParams('target_boot_mode uefi needs efi_system_part_uuid (the ESP written by prepare_image)');
  const path = await findPartition(deps, params.efiSystemPartUuid, signal);
  const number = (await blockIdentity(deps, path, signal)).partNumber;
  if (number === undefined) throw deviceNotFound(`cannot tell the partition number of the EFI system partition ${path}`);
  return { path, number };
}

/** IPA partition_utils.get_partition: the device holding a file system UUID, else a partition UUID. */
async function findPartition(deps: BootloaderDeps, uuid: string, signal: AbortSignal): Promise<string> {
  for (const tag of ['UUID', 'PARTUUID']) {
    const out = await deps.run('blkid', ['-l', '-o', 'device', '-t', `${tag}=${uuid}`], { signal, check: false });
    const path = out.stdout.trim().split('\n')[0] ?? '';
    if (out.exitCode === 0 && path !== '') return path;
  }
  throw deviceNotFound(`no partition has UUID or PARTUUID ${uuid}`);
}

/**
 * The /dev/disk/by-uuid and by-partuuid links udev would make for `partition`, where missing. Ferro's ramdisk has
 * no udev, and grub-mkconfig's 10_linux writes root=UUID=<uuid> only when /dev/disk/by-uuid/<uuid> exists: without
 * it the kernel line gets the ramdisk's name for the partition (root=/dev/vda1), which the instance's kernel may
 * name otherwise (another disk order, another driver). /dev is bind-mounted, so the chroot sees the links.
 */
async function linkLikeUdev(deps: BootloaderDeps, partition: string, signal: AbortSignal): Promise<void> {
  const id = await blockIdentity(deps, partition, signal);
  for (const [dir, value] of [['by-uuid', id.uuid], ['by-partuuid', id.partUuid]] as const) {
    if (value === undefined || value === '' || value.includes('/')) continue;
    const link = `/dev/disk/${dir}/${value}`;
    if (await deps.exists(link)) continue;
    await deps.makeDir(`/dev/disk/${dir}`);
    await deps.makeLink(`../../${basename(partition)}`, link);
  }
}

/** The whole disk a partition belongs to (lsblk PKNAME), where BIOS GRUB writes its boot code. */
async function parentDisk(deps: BootloaderDeps, partition: string, signal: AbortSignal): Promise<string> {
  const out = await deps.run('lsblk', ['--nodeps', '--noheadings', '--output', 'PKNAME', partition], { signal });
  const name = out.stdout.trim();
  if (name === '') throw deviceNotFound(`cannot find the disk that holds ${partition}`);
  return `/dev/${name}`;
}

/** grub2-install on Red Hat-style images, grub-install on Debian-style ones (IPA checks the same paths). */
async function grubName(deps: BootloaderDeps, dir: string): Promise<'grub' | 'grub2'> {
  for (const name of ['grub2', 'grub'] as const) {
    if (!(await deps.exists(`${dir}/usr/sbin/${name}-install`))) continue;
    if (!(await deps.exists(`${dir}/usr/sbin/${name}-mkconfig`))) throw commandExecutionError(`the image has ${name}-install but no ${name}-mkconfig in /usr/sbin`);
    return name;
  }
  throw commandExecutionError('the image has no grub-install (nor grub2-install) in /usr/sbin: install GRUB in the image, or deploy a whole-disk image that carries its own bootloader');
}

async function mountAt(deps: BootloaderDeps, command: readonly string[], target: string, mounted: string[], signal: AbortSignal): Promise<void> {
  await deps.run(command[0] ?? 'mount', command.slice(1), { signal });
  mounted.push(target);
}

async function chroot(deps: BootloaderDeps, dir: string, command: readonly string[], signal: AbortSignal): Promise<void> {
  await deps.run('chroot', [dir, ...command], { signal, env: { PATH: CHROOT_PATH } });
}

/** Unmounts in reverse order; runs without the command's signal so that an abort still cleans up. */
async function unmountAll(deps: BootloaderDeps, mounted: string[], dir: string): Promise<void> {
  const failed: string[] = [];
  for (const target of [...mounted].reverse()) {
    const out = await deps.run('umount', [target], { check: false }).catch(() => ({ exitCode: -1 }));
    if (out.exitCode !== 0) failed.push(target);
  }
  if (failed.length === 0) await deps.removeDir(dir).catch(() => undefined);
  else throw commandExecutionError(`could not unmount ${failed.join(', ')} after installing the bootloader`);
}

/**
 * IPA _run_efibootmgr: one NVRAM entry pointing at the loader grub-install put in the ESP. Entries of an earlier
 * deployment carry the same label and point at a partition that no longer exists, so they go first (IPA deletes
 * the duplicates efibootmgr warns about after creating; listing first keeps the new entry's number out of it).
 */
async function registerEfiEntry(deps: BootloaderDeps, disk: string, part: number, signal: AbortSignal): Promise<void> {
  const listed = await deps.run('efibootmgr', [], { signal });
  for (const number of bootEntriesLabelled(listed.stdout, EFI_BOOTLOADER_ID)) {
    await deps.run('efibootmgr', ['--bootnum', number, '--delete-bootnum'], { signal });
  }
  const loader = `\\EFI\\${EFI_BOOTLOADER_ID}\\grubx64.efi`;
  await deps.run('efibootmgr', ['--create', '--disk', disk, '--part', String(part), '--label', EFI_BOOTLOADER_ID, '--loader', loader], { signal });
}

/** The hex numbers of `efibootmgr` lines `Boot0004* <label>` (label alone, or followed by a tab and the path). */
export function bootEntriesLabelled(listing: string, label: string): string[] {
  const numbers: string[] = [];
  for (const line of listing.split('\n')) {
    const match = /^Boot([0-9A-Fa-f]{4})\*?\s(.*)$/.exec(line.trimEnd());
    if (match?.[1] !== undefined && (match[2] ?? '').split('\t')[0]?.trim() === label) numbers.push(match[1]);
  }
  return numbers;
}
