// What goes into the lab's partition image (test/support/partition-image.ts), as data and as a staging directory:
// the image's own GRUB (grub-install, grub-mkconfig and the tools their scripts call, both targets' modules),
// busybox for the shell and the small tools grub-mkconfig's scripts use, a Debian kernel and a tiny initrd whose
// /init prints a marker and the kernel command line GRUB passed on the serial console. No maintainer scripts run:
// files are copied out of unpacked .debs, and the programs' shared libraries are found by their ELF entries
// (the deploy ramdisk's builder does the same).
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { compressChunks } from '../../ramdisk/compress.js';
import { cpioNewcChunks } from '../../ramdisk/cpio-newc.js';
import { addEntry, type ImageTree } from '../../ramdisk/image-tree.js';
import { resolveSharedLibraries } from '../../ramdisk/shared-libraries.js';

const run = promisify(execFile);

/** Debian packages of the image (their library dependencies come along). */
export const PARTITION_IMAGE_PACKAGES = [
  'grub2-common', 'grub-common', 'grub-pc-bin', 'grub-efi-amd64-bin', 'gettext-base', 'busybox-static', 'libc6', 'linux-image-amd64',
] as const;

/** Files taken from each package, by image path; a trailing slash copies that directory. */
const PACKAGE_FILES: Readonly<Record<string, readonly string[]>> = {
  'grub2-common': ['usr/sbin/grub-install', 'usr/share/grub/default/grub'],
  'grub-common': [
    'usr/sbin/grub-mkconfig', 'usr/sbin/grub-probe', 'usr/bin/grub-mkimage', 'usr/bin/grub-mkrelpath', 'usr/bin/grub-script-check',
    'usr/bin/grub-editenv', 'usr/bin/grub-file', 'usr/share/grub/grub-mkconfig_lib', 'usr/share/grub/unicode.pf2', 'etc/grub.d/',
  ],
  'grub-pc-bin': ['usr/lib/grub/i386-pc/'],
  // monolithic/ holds prebuilt netboot images (15 MB) grub-install never reads.
  'grub-efi-amd64-bin': ['usr/lib/grub/x86_64-efi/'],
  'gettext-base': ['usr/bin/gettext'],
};

/** ELF programs whose libraries the image needs (grub-bios-setup is run by nothing, but kept usable). */
const ELF_PROGRAMS = [
  'usr/sbin/grub-install', 'usr/sbin/grub-probe', 'usr/bin/grub-mkimage', 'usr/bin/grub-mkrelpath', 'usr/bin/grub-script-check',
  'usr/bin/grub-editenv', 'usr/bin/grub-file', 'usr/bin/gettext', 'usr/lib/grub/i386-pc/grub-bios-setup',
];

/** The marker the instance prints on its serial console, followed by `cmdline=<its kernel command line>`. */
export const INSTANCE_MARKER = 'FERRO-PARTITION-INSTANCE-OK';

/** /etc/default/grub of the image: serial console for GRUB and Linux, no menu delay, no os-prober. */
export const DEFAULT_GRUB = [
  'GRUB_DEFAULT=0',
  'GRUB_TIMEOUT=1',
  'GRUB_DISTRIBUTOR=Ferro',
  'GRUB_CMDLINE_LINUX_DEFAULT="quiet"',
  'GRUB_CMDLINE_LINUX="console=tty0 console=ttyS0,115200"',
  'GRUB_TERMINAL="console serial"',
  'GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"',
  'GRUB_DISABLE_OS_PROBER=true',
  'GRUB_DISABLE_RECOVERY=true',
  '',
].join('\n');

/** /init of the instance's initrd (busybox sh): the marker and the command line GRUB built, on ttyS0. */
const INSTANCE_INIT = `#!/bin/busybox sh
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t proc proc /proc
line="${INSTANCE_MARKER} kernel=$(/bin/busybox uname -r) cmdline=$(/bin/busybox cat /proc/cmdline)"
echo "$line" >/dev/ttyS0
echo "$line" >/dev/console
while :; do /bin/busybox sleep 3600; done
`;

/** Unpacked package directories by package name. */
export type UnpackedPackages = ReadonlyMap<string, string>;

function rootOf(unpacked: UnpackedPackages, name: string): string {
  const root = unpacked.get(name);
  if (root === undefined) throw new Error(`Debian package ${name} is not among the unpacked ones`);
  return root;
}

/** Copies `path` (file, link or directory) from the unpacked package `root` into `stage`, keeping links as links. */
function copyFromPackage(root: string, stage: string, path: string): void {
  const from = join(root, path);
  if (!existsSync(from)) throw new Error(`${root} has no ${path}`);
  mkdirSync(dirname(join(stage, path)), { recursive: true });
  cpSync(from, join(stage, path), { recursive: true, verbatimSymlinks: true, filter: (src) => !src.includes('/monolithic') });
}

/** The linux-image-<version>-amd64 package's version and unpacked root. */
export function kernelPackage(unpacked: UnpackedPackages): { version: string; root: string } {
  const name = [...unpacked.keys()].find((n) => /^linux-image-\d.*-amd64$/.test(n));
  if (name === undefined) throw new Error('no linux-image-<version>-amd64 among the unpacked packages');
  return { version: name.slice('linux-image-'.length), root: rootOf(unpacked, name) };
}

/**
 * Fills `stage` with the image's files: GRUB, gettext, libraries, busybox and its applet links, the kernel and
 * the instance initrd (/boot/vmlinuz-<v>, /boot/initrd.img-<v>, the names grub-mkconfig's 10_linux looks for),
 * /etc/default/grub. Returns the kernel version.
 */
export async function stagePartitionImage(stage: string, unpacked: UnpackedPackages, sourceDateEpoch: number): Promise<string> {
  // usr/share/locale: grub-install warns when it cannot list it.
  for (const dir of ['dev', 'proc', 'sys', 'run', 'boot/grub', 'etc/default', 'root', 'tmp', 'var/tmp', 'usr/share/locale']) mkdirSync(join(stage, dir), { recursive: true });
  chmodSync(join(stage, 'tmp'), 0o1777);
  for (const [pkg, paths] of Object.entries(PACKAGE_FILES)) for (const path of paths) copyFromPackage(rootOf(unpacked, pkg), stage, path.replace(/\/$/, ''));
  copyLibraries(stage, [...unpacked.values()]);
  const busybox = join(rootOf(unpacked, 'busybox-static'), 'bin/busybox');
  await linkBusyboxApplets(stage, busybox);
  writeFileSync(join(stage, 'etc/default/grub'), DEFAULT_GRUB);
  writeFileSync(join(stage, 'etc/hostname'), 'ferro-partition-image\n');
  writeFileSync(join(stage, 'etc/os-release'), 'NAME="Ferro lab partition image"\nID=ferro-lab\n');
  const kernel = kernelPackage(unpacked);
  copyFileSync(join(kernel.root, 'boot', `vmlinuz-${kernel.version}`), join(stage, 'boot', `vmlinuz-${kernel.version}`));
  await writeInstanceInitrd(join(stage, 'boot', `initrd.img-${kernel.version}`), busybox, sourceDateEpoch);
  return kernel.version;
}

/** The shared libraries (and the loader link) of the image's ELF programs, resolved in the unpacked packages. */
function copyLibraries(stage: string, roots: readonly string[]): void {
  const libraries = resolveSharedLibraries(roots, ELF_PROGRAMS.map((p) => join(stage, p)));
  for (const [path, host] of libraries.files) {
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    copyFileSync(host, join(stage, path));
  }
  for (const [path, target] of libraries.links) {
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    if (!existsSync(join(stage, path))) symlinkSync(target, join(stage, path));
  }
}

/** bin/busybox and one link per applet that no real program of the image provides (sh, sed, grep, sort …). */
async function linkBusyboxApplets(stage: string, busybox: string): Promise<void> {
  mkdirSync(join(stage, 'bin'), { recursive: true });
  copyFileSync(busybox, join(stage, 'bin/busybox'));
  chmodSync(join(stage, 'bin/busybox'), 0o755);
  const { stdout } = await run(busybox, ['--list-full']);
  for (const applet of stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '' && l !== 'linuxrc')) {
    const name = posix.basename(applet);
    const taken = ['bin', 'sbin', 'usr/bin', 'usr/sbin'].some((dir) => isPresent(join(stage, dir, name)));
    if (taken) continue;
    mkdirSync(dirname(join(stage, applet)), { recursive: true });
    symlinkSync('/bin/busybox', join(stage, applet));
  }
}

function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The instance's initrd: static busybox, /init, /dev/console (gzip newc cpio, one mtime). */
async function writeInstanceInitrd(path: string, busybox: string, sourceDateEpoch: number): Promise<void> {
  const tree: ImageTree = new Map();
  addEntry(tree, 'bin/busybox', { kind: 'file', mode: 0o755, data: readFileSync(busybox) });
  addEntry(tree, 'init', { kind: 'file', mode: 0o755, data: Buffer.from(INSTANCE_INIT) });
  for (const dir of ['dev', 'proc', 'sys']) tree.set(dir, { kind: 'dir', mode: 0o755 });
  addEntry(tree, 'dev/console', { kind: 'char-device', mode: 0o600, major: 5, minor: 1 });
  await compressChunks(cpioNewcChunks(tree, sourceDateEpoch), 'gzip', 9, path);
}

/** Bytes of the regular files under `dir` (what the file system image must hold). */
export function stagedBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const stat = lstatSync(join(dir, name));
    if (stat.isDirectory()) total += stagedBytes(join(dir, name));
    else if (stat.isFile()) total += stat.size;
  }
  return total;
}
