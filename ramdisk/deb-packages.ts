// Debian packages for the ramdisk, fetched with `apt-get download` (nothing is installed on the build host)
// into a cache, so a rebuild needs no network: a package already in the cache is never fetched again. The
// closure follows only library dependencies (`lib*`): the ramdisk needs the shared objects its programs load,
// not maintainer-script machinery such as debconf, udev or init-system-helpers.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One cached .deb and what its control file says. */
export interface DebPackage {
  name: string;
  version: string;
  file: string;
  /** First alternative of each Depends/Pre-Depends entry, without version constraints. */
  depends: string[];
}

/** Progress messages for the operator; the build prints them on stderr. */
export type BuildLog = (message: string) => void;

/**
 * Names from a Depends/Pre-Depends value: `libc6 (>= 2.34), debconf | debconf-2.0` -> `libc6, debconf`.
 * Only the first alternative counts, as apt would pick it on a plain Debian system.
 */
export function parseDependsField(value: string): string[] {
  return value
    .split(',')
    .map((entry) => (entry.split('|')[0] ?? '').trim().split(/[\s(:]/)[0] ?? '')
    .filter((name) => name !== '');
}

/** Library packages whose names do not start with `lib` (Debian policy 8.1 allows it). */
const OTHER_LIBRARY_PACKAGES = new Set(['zlib1g']);

/** True for dependencies that can carry shared objects a program loads (and the kernel image of the metapackage). */
export function isLibraryDependency(name: string): boolean {
  return name.startsWith('lib') || OTHER_LIBRARY_PACKAGES.has(name) || /^linux-image-\d/.test(name);
}

/** The cached `NAME_*.deb` in `dir`, or undefined; the newest by version order when several are cached. */
export function cachedDeb(dir: string, name: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return undefined;
  }
  const matching = files.filter((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'));
  matching.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const newest = matching.at(-1);
  return newest === undefined ? undefined : join(dir, newest);
}

async function downloadDeb(dir: string, name: string, log: BuildLog): Promise<string> {
  log(`downloading Debian package ${name} (apt-get download; nothing is installed)`);
  mkdirSync(dir, { recursive: true });
  const partial = join(dir, '.partial');
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    // APT::Sandbox::User=root: the _apt user may not be able to write into the repository's cache directory.
    await run('apt-get', ['-q', '-o', 'APT::Sandbox::User=root', 'download', name], { cwd: partial });
  } catch (error) {
    const detail = error instanceof Error ? error.message.trim() : String(error);
    throw new Error(
      `apt-get download ${name} failed (a first build needs the Debian mirror; later builds use ${dir}): ${detail}`,
      { cause: error },
    );
  }
  const fetched = cachedDeb(partial, name);
  if (fetched === undefined) throw new Error(`apt-get download ${name} produced no ${name}_*.deb`);
  const target = join(dir, fetched.slice(partial.length + 1));
  renameSync(fetched, target);
  rmSync(partial, { recursive: true, force: true });
  return target;
}

/** Package, Version and dependencies from a .deb's control file (`dpkg-deb -f`). */
export async function readDebControl(file: string): Promise<DebPackage> {
  const { stdout } = await run('dpkg-deb', ['-f', file, 'Package', 'Version', 'Depends', 'Pre-Depends']);
  const fields = new Map<string, string>();
  let key = '';
  for (const line of stdout.split('\n')) {
    const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (match?.[1] !== undefined) {
      key = match[1];
      fields.set(key, match[2] ?? '');
    } else if (line.startsWith(' ') && key !== '') fields.set(key, `${fields.get(key) ?? ''} ${line.trim()}`);
  }
  const depends = [fields.get('Pre-Depends'), fields.get('Depends')].flatMap((v) => (v ? parseDependsField(v) : []));
  const name = fields.get('Package');
  const version = fields.get('Version');
  if (!name || !version) throw new Error(`${file}: no Package/Version in its control file`);
  return { name, version, file, depends };
}

/**
 * `roots` and their library dependencies, each from the cache or downloaded once. Bounded: every package is
 * visited once and the queue only grows with names not seen before.
 */
export async function fetchDebClosure(
  roots: readonly string[],
  cacheDir: string,
  log: BuildLog,
): Promise<DebPackage[]> {
  const seen = new Set<string>(roots);
  const queue = [...roots];
  const packages: DebPackage[] = [];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const file = cachedDeb(cacheDir, name) ?? (await downloadDeb(cacheDir, name, log));
    const deb = await readDebControl(file);
    packages.push(deb);
    for (const dep of deb.depends.filter(isLibraryDependency)) {
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Unpacks a .deb once into `dir/<file name without .deb>` (`dpkg-deb -x`) and returns that directory. */
export async function extractDeb(deb: DebPackage, dir: string): Promise<string> {
  const base = deb.file.slice(deb.file.lastIndexOf('/') + 1, -'.deb'.length);
  const target = join(dir, base);
  const done = join(dir, `${base}.done`);
  if (existsSync(done)) return target;
  rmSync(target, { recursive: true, force: true }); // a half-done extraction from an interrupted build
  mkdirSync(target, { recursive: true });
  await run('dpkg-deb', ['-x', deb.file, target], { maxBuffer: 16 * 1024 * 1024 });
  writeFileSync(done, '');
  return target;
}
