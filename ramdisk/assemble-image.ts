// Fills the in-memory image: the files under ramdisk/rootfs (the /init script and its helpers), busybox and
// its applet links, the programs from Debian packages, the shared libraries they load, and kernel modules.
import { execFile } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { addDirectory, addEntry, type ImageTree } from './image-tree.js';
import { modulesAlias, modulesDep, type ModuleSelection } from './kernel-modules.js';
import type { LibraryFiles } from './shared-libraries.js';
import { resolveInRoots } from './package-roots.js';

const run = promisify(execFile);

/** Directories programs live in, searched in this order (and PATH in /init is the same). */
export const PROGRAM_DIRS = ['usr/sbin', 'usr/bin', 'sbin', 'bin'] as const;

function modeOf(hostPath: string): number {
  return (lstatSync(hostPath).mode & 0o111) !== 0 ? 0o755 : 0o644;
}

/** Copies the tree at `dir` (ramdisk/rootfs) into the image; executables get 0755, the rest 0644. */
export function addRootfs(tree: ImageTree, dir: string, prefix = ''): void {
  for (const name of readdirSync(dir).sort()) {
    const host = join(dir, name);
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const stat = lstatSync(host);
    if (stat.isDirectory()) {
      addDirectory(tree, path);
      addRootfs(tree, host, path);
    } else if (stat.isFile()) addEntry(tree, path, { kind: 'file', mode: modeOf(host), data: readFileSync(host) });
    else throw new Error(`${host}: only files and directories belong in the rootfs folder`);
  }
}

/**
 * Adds `programs` from the unpacked package at `root` (a program that is a link, like mkfs.ext4 -> mke2fs, is
 * added as that link plus its target). Returns the host paths of the real files, for library resolution.
 */
export function addPackagePrograms(tree: ImageTree, pkg: string, root: string, programs: readonly string[]): string[] {
  const hostFiles: string[] = [];
  for (const program of programs) {
    const path = PROGRAM_DIRS.map((dir) => `${dir}/${program}`).find((p) => {
      try {
        lstatSync(join(root, p));
        return true;
      } catch {
        return false;
      }
    });
    if (path === undefined) throw new Error(`Debian package ${pkg} has no program '${program}'`);
    const stat = lstatSync(join(root, path));
    if (stat.isSymbolicLink()) {
      const target = readlinkSync(join(root, path));
      addEntry(tree, path, { kind: 'symlink', target });
    }
    const real = resolveInRoots([root], path);
    if (real === undefined) throw new Error(`${pkg}: ${path} is a dangling link`);
    addEntry(tree, real.imagePath, { kind: 'file', mode: 0o755, data: readFileSync(real.hostPath) });
    hostFiles.push(real.hostPath);
  }
  return hostFiles;
}

/** Adds the libraries (as real files at their sonames) and the loader link. */
export function addLibraries(tree: ImageTree, libraries: LibraryFiles): void {
  for (const [path, host] of [...libraries.files].sort())
    addEntry(tree, path, { kind: 'file', mode: 0o755, data: readFileSync(host) });
  for (const [path, target] of [...libraries.links].sort()) addEntry(tree, path, { kind: 'symlink', target });
}

/** Adds static busybox as bin/busybox and a link for every applet no real program provides. */
export async function addBusybox(tree: ImageTree, busybox: string): Promise<number> {
  addEntry(tree, 'bin/busybox', { kind: 'file', mode: 0o755, data: readFileSync(busybox) });
  const { stdout } = await run(busybox, ['--list-full']);
  const provided = new Set(
    [...tree.keys()].filter((p) => PROGRAM_DIRS.some((dir) => posix.dirname(p) === dir)).map((p) => posix.basename(p)),
  );
  let links = 0;
  for (const applet of stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort()) {
    const name = posix.basename(applet);
    // linuxrc is for initrds without /init; a real program (util-linux losetup …) beats the applet of that name.
    if (applet === 'linuxrc' || provided.has(name)) continue;
    addEntry(tree, applet, { kind: 'symlink', target: '/bin/busybox' });
    provided.add(name);
    links += 1;
  }
  return links;
}

/** Adds the modules under lib/modules/<version>/, depmod-style indexes, and /etc/ferro/modules (load order). */
export function addKernelModules(
  tree: ImageTree,
  version: string,
  moduleDir: string,
  selection: ModuleSelection,
): void {
  const base = `lib/modules/${version}`;
  for (const module of selection.modules)
    addEntry(tree, `${base}/${module.path}`, { kind: 'file', mode: 0o644, data: module.data });
  addEntry(tree, `${base}/modules.dep`, { kind: 'file', mode: 0o644, data: Buffer.from(modulesDep(selection)) });
  addEntry(tree, `${base}/modules.alias`, { kind: 'file', mode: 0o644, data: Buffer.from(modulesAlias(selection)) });
  addEntry(tree, `${base}/modules.builtin`, {
    kind: 'file',
    mode: 0o644,
    data: readFileSync(join(moduleDir, 'modules.builtin')),
  });
  const order = selection.modules.map((m) => m.path).join('\n');
  addEntry(tree, 'etc/ferro/modules', { kind: 'file', mode: 0o644, data: Buffer.from(`${order}\n`) });
}

/** Mount points, /tmp, and the two device nodes the kernel needs before devtmpfs is mounted. */
export function addSkeleton(tree: ImageTree): void {
  for (const dir of ['dev', 'proc', 'sys', 'run', 'root', 'mnt', 'var/log', 'etc']) addDirectory(tree, dir);
  addDirectory(tree, 'tmp', 0o1777);
  // The kernel opens /dev/console for init's stdio before /init runs; without it init starts with no console.
  addEntry(tree, 'dev/console', { kind: 'char-device', mode: 0o600, major: 5, minor: 1 });
  addEntry(tree, 'dev/null', { kind: 'char-device', mode: 0o666, major: 1, minor: 3 });
}
