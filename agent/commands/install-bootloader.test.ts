import { describe, expect, it } from 'vitest';
import { scriptedRunner, type ScriptedReply } from '../disk/disk-test-fixtures.js';
import { bootEntriesLabelled, installBootloader, installBootloaderParams, type BootloaderDeps } from './install-bootloader.js';

const signal = new AbortController().signal;
const ROOT = '/tmp/ferro-root-x';

/** blkid -t answers for the root (vda2, UUID r-1) and the ESP (vda1, UUID e-1, partition 1). */
const blkid: ScriptedReply = (args) => {
  if (args.includes('UUID=r-1')) return { stdout: '/dev/vda2\n' };
  if (args.includes('UUID=e-1')) return { stdout: '/dev/vda1\n' };
  if (args[0] === '-p' && args.includes('/dev/vda2')) return { stdout: 'UUID=r-1\nPART_ENTRY_UUID=0a0b0c0d-02\nPART_ENTRY_NUMBER=2\n' };
  if (args[0] === '-p') return { stdout: 'UUID=e-1\nPART_ENTRY_NUMBER=1\n' };
  return { exitCode: 2 };
};

function machine(files: string[], script: Record<string, ScriptedReply> = {}) {
  const runner = scriptedRunner({ blkid, lsblk: { stdout: 'vda\n' }, ...script });
  const made: string[] = [];
  const links: string[] = [];
  const deps: BootloaderDeps = {
    run: runner.run,
    exists: (p) => Promise.resolve(files.some((f) => (f.startsWith('/dev/') ? f : `${ROOT}${f}`) === p)),
    makeTempDir: () => Promise.resolve(ROOT),
    makeDir: (p) => { made.push(p); return Promise.resolve(); },
    removeDir: () => Promise.resolve(),
    makeLink: (target, p) => { links.push(`${p} -> ${target}`); return Promise.resolve(); },
  };
  const lines = () => runner.calls.filter((c) => c.program !== 'blkid' && c.program !== 'lsblk').map((c) => [c.program, ...c.args].join(' '));
  return { deps, lines, made: () => made.filter((p) => !p.startsWith('/dev/')), links };
}

const DEBIAN_GRUB = ['/usr/sbin/grub-install', '/usr/sbin/grub-mkconfig'];
/** efibootmgr 17 after an earlier deployment (entries are listed with their device path after a tab). */
const EFI_LISTING = [
  'BootCurrent: 0001', 'BootOrder: 0004,0001,0000',
  'Boot0000* UiApp\tFvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(462caa21-7614-4503-836e-8ab6f4662331)',
  'Boot0001* UEFI PXEv4 (MAC:525400ABCD01)\tPciRoot(0x0)/Pci(0x3,0x0)/MAC(525400abcd01,1)/IPv4(0.0.0.0)',
  'Boot0004* ferro\tHD(1,GPT,0a0b0c0d-0000-0000-0000-000000000001,0x800,0x113000)/File(\\EFI\\ferro\\grubx64.efi)',
  'Boot0005* ferro-backup\tHD(1,GPT,…)/File(\\EFI\\BOOT\\BOOTX64.EFI)',
  '',
].join('\n');
const MOUNTS = [
  `mount /dev/vda2 ${ROOT}`,
  `mount -o bind /dev ${ROOT}/dev`,
  `mount -o bind /proc ${ROOT}/proc`,
  `mount -o bind /run ${ROOT}/run`,
  `mount -t sysfs none ${ROOT}/sys`,
];

describe('installBootloader', () => {
  it('BIOS: grub-install onto the disk in a chroot, grub-mkconfig, then unmounts in reverse order', async () => {
    const m = machine(DEBIAN_GRUB);
    const params = installBootloaderParams({ root_uuid: 'r-1', efi_system_part_uuid: null, target_boot_mode: 'bios' });
    await expect(installBootloader(m.deps, params, signal)).resolves.toBe('BIOS GRUB installed on /dev/vda from the image\'s /dev/vda2');
    expect(m.lines()).toEqual([
      ...MOUNTS,
      `chroot ${ROOT} /usr/sbin/grub-install /dev/vda`,
      `chroot ${ROOT} /usr/sbin/grub-mkconfig -o /boot/grub/grub.cfg`,
      `umount ${ROOT}/sys`, `umount ${ROOT}/run`, `umount ${ROOT}/proc`, `umount ${ROOT}/dev`, `umount ${ROOT}`,
    ]);
  });

  it('UEFI: ESP at /boot/efi, x86_64-efi named and --removable installs, grub2 names, efibootmgr entry', async () => {
    const m = machine(['/usr/sbin/grub2-install', '/usr/sbin/grub2-mkconfig'], { efibootmgr: (args) => (args.length === 0 ? { stdout: EFI_LISTING } : {}) });
    const params = installBootloaderParams({ root_uuid: 'r-1', efi_system_part_uuid: 'e-1', target_boot_mode: 'uefi' });
    await installBootloader(m.deps, params, signal);
    const efi = `chroot ${ROOT} /usr/sbin/grub2-install --target=x86_64-efi --efi-directory=/boot/efi --no-nvram`;
    expect(m.lines()).toEqual([
      ...MOUNTS,
      `mount /dev/vda1 ${ROOT}/boot/efi`,
      `${efi} --bootloader-id=ferro`,
      `${efi} --removable`,
      `chroot ${ROOT} /usr/sbin/grub2-mkconfig -o /boot/grub2/grub.cfg`,
      `umount ${ROOT}/boot/efi`, `umount ${ROOT}/sys`, `umount ${ROOT}/run`, `umount ${ROOT}/proc`, `umount ${ROOT}/dev`, `umount ${ROOT}`,
      'efibootmgr',
      'efibootmgr --bootnum 0004 --delete-bootnum', // the entry of an earlier deployment
      'efibootmgr --create --disk /dev/vda --part 1 --label ferro --loader \\EFI\\ferro\\grubx64.efi',
    ]);
    expect(m.made()).toEqual([`${ROOT}/boot/efi`]);
  });

  it('makes the /dev/disk/by-uuid and by-partuuid links of the root partition that udev would have made', async () => {
    // grub-mkconfig's 10_linux writes root=UUID=… only when /dev/disk/by-uuid/<uuid> exists (caught in the lab).
    const m = machine(DEBIAN_GRUB);
    await installBootloader(m.deps, installBootloaderParams({ root_uuid: 'r-1', target_boot_mode: 'bios' }), signal);
    expect(m.links).toEqual(['/dev/disk/by-uuid/r-1 -> ../../vda2', '/dev/disk/by-partuuid/0a0b0c0d-02 -> ../../vda2']);
  });

  it('keeps the links a ramdisk with udev already has', async () => {
    const m = machine([...DEBIAN_GRUB, '/dev/disk/by-uuid/r-1', '/dev/disk/by-partuuid/0a0b0c0d-02']);
    await installBootloader(m.deps, installBootloaderParams({ root_uuid: 'r-1', target_boot_mode: 'bios' }), signal);
    expect(m.links).toEqual([]);
  });

  it('names what the image lacks and still unmounts the root', async () => {
    const m = machine([]);
    const params = installBootloaderParams({ root_uuid: 'r-1', target_boot_mode: 'bios' });
    await expect(installBootloader(m.deps, params, signal)).rejects.toThrow(/the image has no grub-install \(nor grub2-install\) in \/usr\/sbin/);
    expect(m.lines()).toEqual([`mount /dev/vda2 ${ROOT}`, `umount ${ROOT}`]);
  });

  it('reports the grub-install failure, not a later unmount failure, and unmounts everything', async () => {
    const m = machine(DEBIAN_GRUB, { chroot: { exitCode: 1, stderr: 'grub-install: error: cannot find a device for /' }, umount: { exitCode: 32 } });
    const params = installBootloaderParams({ root_uuid: 'r-1', target_boot_mode: 'bios' });
    await expect(installBootloader(m.deps, params, signal)).rejects.toThrow(/cannot find a device for \//);
    expect(m.lines().filter((l) => l.startsWith('umount'))).toHaveLength(5);
  });

  it('finds the entries labelled ferro in efibootmgr listings with or without device paths', () => {
    expect(bootEntriesLabelled(EFI_LISTING, 'ferro')).toEqual(['0004']);
    expect(bootEntriesLabelled('Boot000A* ferro\nBoot000B  ferro\nBoot000C* ferrous\n', 'ferro')).toEqual(['000A', '000B']);
  });

  it('does nothing without a root UUID (whole-disk image), as IPA', async () => {
    const m = machine(DEBIAN_GRUB);
    await expect(installBootloader(m.deps, installBootloaderParams({ root_uuid: null }), signal)).resolves.toMatch(/whole-disk/);
    expect(m.lines()).toEqual([]);
  });

  it('refuses an unknown root UUID and UEFI without an ESP UUID', async () => {
    const m = machine(DEBIAN_GRUB);
    await expect(installBootloader(m.deps, installBootloaderParams({ root_uuid: 'nope' }), signal)).rejects.toThrow(/no partition has UUID or PARTUUID nope/);
    await expect(installBootloader(m.deps, { rootUuid: 'r-1', efiSystemPartUuid: undefined, targetBootMode: 'uefi' }, signal)).rejects.toThrow(/needs efi_system_part_uuid/);
    expect(() => installBootloaderParams({ root_uuid: 'r-1', target_boot_mode: 'legacy' })).toThrow(/bios or uefi/);
  });
});
