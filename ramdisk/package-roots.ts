// Looks files up across the unpacked Debian packages as if they were installed in one root file system:
// symbolic links inside packages (absolute `/lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/…` or relative)
// are followed within those roots, never into the build host.
import { lstatSync, readlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

/** Where an image path is found: the unpacked package directory and the real file's host path. */
export interface RootedFile {
  root: string;
  hostPath: string;
  /** The image path after following links (`lib/x86_64-linux-gnu/libc.so.6`). */
  imagePath: string;
}

const MAX_LINKS = 20;

function lookup(roots: readonly string[], imagePath: string): { root: string; isLink: boolean } | undefined {
  for (const root of roots) {
    try {
      const stat = lstatSync(join(root, imagePath));
      if (stat.isFile() || stat.isSymbolicLink()) return { root, isLink: stat.isSymbolicLink() };
    } catch {
      // not in this package
    }
  }
  return undefined;
}

/** Resolves `imagePath` (no leading slash) to a regular file in one of `roots`, following links; undefined if absent. */
export function resolveInRoots(roots: readonly string[], imagePath: string): RootedFile | undefined {
  let path = posix.normalize(imagePath).replace(/^\/+/, '');
  for (let hops = 0; hops <= MAX_LINKS; hops += 1) {
    const hit = lookup(roots, path);
    if (hit === undefined) return undefined;
    if (!hit.isLink) return { root: hit.root, hostPath: join(hit.root, path), imagePath: path };
    const target = readlinkSync(join(hit.root, path));
    path = (target.startsWith('/') ? posix.normalize(target) : posix.join(dirname(path), target)).replace(/^\/+/, '');
  }
  throw new Error(`too many symbolic links resolving ${imagePath}`);
}

/** The link target of `imagePath` when it is a symbolic link in the first root that has it. */
export function linkTargetInRoots(roots: readonly string[], imagePath: string): string | undefined {
  const hit = lookup(roots, imagePath);
  return hit?.isLink === true ? readlinkSync(join(hit.root, imagePath)) : undefined;
}

/** Directories the dynamic loader searches on Debian amd64 without an ld.so.cache (multiarch first). */
export const LIBRARY_DIRS = ['lib/x86_64-linux-gnu', 'usr/lib/x86_64-linux-gnu', 'lib64', 'lib', 'usr/lib'] as const;

/** Finds a shared object by soname in the library directories of `roots`. */
export function findLibrary(roots: readonly string[], soname: string): RootedFile | undefined {
  for (const dir of LIBRARY_DIRS) {
    const hit = resolveInRoots(roots, `${dir}/${soname}`);
    if (hit !== undefined) return { ...hit, imagePath: `${dir}/${soname}` };
  }
  return undefined;
}
