// The shared objects a set of programs loads, found by reading each ELF file's DT_NEEDED entries and
// interpreter (transitively) in the unpacked Debian packages: what `ldd` prints, without running anything and
// without looking at the build host's /lib, so the image does not depend on what the host has installed.
import { readFileSync } from 'node:fs';
import { readElfDynamic } from './elf-file.js';
import { findLibrary, linkTargetInRoots, resolveInRoots } from './package-roots.js';

/** Image path -> host file for every library and loader needed, and the loader's symbolic link (`lib64/…`). */
export interface LibraryFiles {
  files: Map<string, string>;
  links: Map<string, string>;
}

/**
 * Resolves the libraries of `programs` (host paths) within `roots`; throws naming the soname and program when
 * one is missing (the fix is adding its Debian package to the package list). Bounded: each soname is resolved once.
 */
export function resolveSharedLibraries(roots: readonly string[], programs: readonly string[]): LibraryFiles {
  const files = new Map<string, string>();
  const links = new Map<string, string>();
  const seen = new Set<string>();
  const queue = programs.map((file) => ({ file, from: file }));
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const { needed, interpreter } = readElfDynamic(readFileSync(item.file), item.file);
    if (interpreter !== undefined && !seen.has(interpreter)) {
      seen.add(interpreter);
      const loader = resolveInRoots(roots, interpreter);
      if (loader === undefined) throw new Error(`${item.from}: interpreter ${interpreter} is in none of the packages`);
      const path = interpreter.replace(/^\/+/, '');
      const target = linkTargetInRoots(roots, path);
      if (target !== undefined) links.set(path, target);
      files.set(loader.imagePath, loader.hostPath);
    }
    for (const soname of needed) {
      if (seen.has(soname)) continue;
      seen.add(soname);
      const library = findLibrary(roots, soname);
      if (library === undefined)
        throw new Error(`${item.from} needs ${soname}, which none of the unpacked Debian packages provides`);
      files.set(library.imagePath, library.hostPath);
      queue.push({ file: library.hostPath, from: `${item.from} -> ${soname}` });
    }
  }
  return { files, links };
}
