// The initramfs as plain data before it is packed: path -> entry. Building it in memory (instead of in a staging
// directory) means no root for device nodes, no umask or host file-system surprises, and a sorted, fully
// determined cpio archive (reproducible builds: same inputs, same bytes).

/** One file-system object of the image. Paths are relative, without a leading slash (`usr/bin/node`). */
export type ImageEntry =
  | { kind: 'dir'; mode: number }
  | { kind: 'file'; mode: number; data: Buffer }
  | { kind: 'symlink'; target: string }
  | { kind: 'char-device'; mode: number; major: number; minor: number };

/** The image: path -> entry. */
export type ImageTree = Map<string, ImageEntry>;

function normalize(path: string): string {
  const clean = path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (clean === '' || clean.split('/').some((part) => part === '' || part === '.' || part === '..'))
    throw new Error(`bad image path '${path}'`);
  return clean;
}

/** Adds the directory `path` and its parents (mode 0755 unless given). */
export function addDirectory(tree: ImageTree, path: string, mode = 0o755): void {
  const parts = normalize(path).split('/');
  for (let i = 1; i <= parts.length; i += 1) {
    const dir = parts.slice(0, i).join('/');
    const existing = tree.get(dir);
    if (existing === undefined) tree.set(dir, { kind: 'dir', mode: i === parts.length ? mode : 0o755 });
    else if (existing.kind !== 'dir') throw new Error(`image path '${dir}' is a ${existing.kind}, not a directory`);
  }
}

/**
 * Adds `entry` at `path`, creating parent directories. A second, different entry for the same path is a
 * build error (two packages shipping one file would otherwise be decided by the order of the build steps);
 * `replace` allows it on purpose (busybox applet links give way to the real programs).
 */
export function addEntry(tree: ImageTree, path: string, entry: ImageEntry, options: { replace?: boolean } = {}): void {
  const clean = normalize(path);
  const slash = clean.lastIndexOf('/');
  if (slash > 0) addDirectory(tree, clean.slice(0, slash));
  const existing = tree.get(clean);
  if (existing !== undefined && options.replace !== true && !sameEntry(existing, entry))
    throw new Error(`image path '${clean}' added twice with different contents`);
  tree.set(clean, entry);
}

function sameEntry(a: ImageEntry, b: ImageEntry): boolean {
  if (a.kind === 'file' && b.kind === 'file') return a.mode === b.mode && a.data.equals(b.data);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Paths in byte order (C locale), the order the archive uses. Parents sort before their children. */
export function sortedPaths(tree: ImageTree): string[] {
  return [...tree.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Total bytes of regular files (the unpacked size in RAM, near enough). */
export function imageFileBytes(tree: ImageTree): number {
  let total = 0;
  for (const entry of tree.values()) if (entry.kind === 'file') total += entry.data.length;
  return total;
}
