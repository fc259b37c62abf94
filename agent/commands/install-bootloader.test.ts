import { describe, expect, it } from 'vitest';
import { scriptedRunner, type ScriptedReply } from '../disk/disk-test-fixtures.js';
import { installBootloader, installBootloaderParams, type BootloaderDeps } from './install-bootloader.js';

const signal = new AbortController().signal;
const ROOT = '/tmp/ferro-root-x';

/** blkid -t answers for the root (vda2, UUID r-1) and the ESP (vda1, UUID e-1, partition 1). */
const blkid: ScriptedReply = (args) => {
  if (args.includes('UUID=r-1')) return { stdout: '/dev/vda2\n' };
  if (args.includes('UUID=e-1')) return { stdout: '/dev/vda1\n' };
  if (args[0] === '-p') return { stdout: 'UUID=e-1\nPART_ENTRY_NUMBER=1\n' };
  return { exitCode: 2 };
};

function machine(files: string[], script: Record<string, ScriptedReply> = {}) {
  const runner = scriptedRunner({ blkid, lsblk: { stdout: 'vda\n' }, ...script });
  const made: string[] = [];
  const deps: BootloaderDeps = {
    run: runner.run,
    exists: (p) => Promise.resolve(files.some((f) => `${ROOT}${f}` === p)),
    makeTempDir: () => Promise.resolve(ROOT),
    makeDir: (p) => { made.push(p); return Promise.resolve(); },
    removeDir: () => Promise.resolve(),
  };
  const lines = () => runner.calls.filter((c) => c.program !== 'blkid' && c.program !== 'lsblk').map((c) => [c.program, ...c.args].join(' '));
  return { deps, lines, made };
}

const DEBIAN_GRUB = ['/usr/sbin/grub-install', '/usr/sbin/grub-mkconfig'];
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
    const m = machine(['/usr/sbin/grub2-install', '/usr/sbin/grub2-mkconfig']);
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
      'efibootmgr --create --disk /dev/vda --part 1 --label ferro --loader \\EFI\\ferro\\grubx64.efi',
    ]);
    expect(m.made).toEqual([`${ROOT}/boot/efi`]);
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
