// Picks the kernel modules the ramdisk needs out of a Debian kernel package, with their dependencies. Debian's
// linux-image .deb ships no modules.dep (depmod runs in its postinst), so dependencies come from each module's
// own `.modinfo` (depends=, softdep= pre:), and the ramdisk's modules.dep/modules.alias are written here in
// depmod's format so that `modprobe NAME` works inside the ramdisk too (busybox modprobe reads them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModinfo } from './elf-file.js';

/** One module that goes into the image. */
export interface KernelModule {
  /** Canonical name, `-` written as `_` (`virtio_net`). */
  name: string;
  /** Path under lib/modules/<version>/ (`kernel/drivers/net/virtio_net.ko`). */
  path: string;
  /** Names of the modules it needs loaded first (depends= and softdep pre:). */
  requires: string[];
  aliases: string[];
  data: Buffer;
}

/** Modules in dependency order (each after everything it requires) and the ones that are built in. */
export interface ModuleSelection {
  modules: KernelModule[];
  builtin: string[];
  /** Optional names (and soft dependencies, often crypto aliases) this kernel has neither as module nor built in. */
  absent: string[];
}

/** Module names are written with `-` or `_` interchangeably; the kernel treats them as one. */
export function canonicalModuleName(name: string): string {
  return name.replace(/-/g, '_');
}

function nameOfPath(path: string): string {
  return canonicalModuleName(path.slice(path.lastIndexOf('/') + 1).replace(/\.ko(\.[a-z]+)?$/, ''));
}

function indexByName(file: string): Map<string, string> {
  const index = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n'))
    if (line.trim() !== '') index.set(nameOfPath(line.trim()), line.trim());
  return index;
}

/** `softdep=pre: a b post: c` -> the `pre:` names (they must be there before the module works, e.g. ext4's crc32c). */
export function softdepPre(values: readonly string[]): string[] {
  return values.flatMap((value) => /pre:\s*([^:]*?)(\s+post:|$)/.exec(value)?.[1]?.split(/\s+/).filter(Boolean) ?? []);
}

/**
 * Resolves `wanted` (required) and `optional` names in the kernel tree at `moduleDir` (lib/modules/<version>).
 * Bounded: each name is read once.
 */
export function selectKernelModules(
  moduleDir: string,
  wanted: readonly string[],
  optional: readonly string[] = [],
): ModuleSelection {
  const order = indexByName(join(moduleDir, 'modules.order'));
  const builtinIndex = indexByName(join(moduleDir, 'modules.builtin'));
  const found = new Map<string, KernelModule>();
  const builtin = new Set<string>();
  const absent: string[] = [];
  const visit = (raw: string, required: boolean, softly = false): void => {
    const name = canonicalModuleName(raw);
    if (found.has(name) || builtin.has(name)) return;
    if (builtinIndex.has(name)) {
      builtin.add(name);
      return;
    }
    const path = order.get(name);
    if (path === undefined) {
      if (required && !softly)
        throw new Error(`kernel module '${raw}' is neither a module nor built into this kernel (${moduleDir})`);
      absent.push(name);
      return;
    }
    const data = readFileSync(join(moduleDir, path));
    const info = readModinfo(data, path);
    const depends = (info.get('depends')?.[0] ?? '').split(',').filter(Boolean).map(canonicalModuleName);
    const soft = softdepPre(info.get('softdep') ?? []).map(canonicalModuleName);
    found.set(name, { name, path, requires: [...depends, ...soft], aliases: info.get('alias') ?? [], data });
    for (const dep of depends) visit(dep, true);
    for (const dep of soft) visit(dep, true, true); // a soft dependency may be built in or absent
  };
  for (const name of wanted) visit(name, true);
  for (const name of optional) visit(name, false);
  return { modules: dependencyOrder(found), builtin: [...builtin].sort(), absent: [...new Set(absent)].sort() };
}

/** Depth-first, dependencies first, siblings by name: a load order that does not depend on discovery order. */
function dependencyOrder(found: Map<string, KernelModule>): KernelModule[] {
  const ordered: KernelModule[] = [];
  const done = new Set<string>();
  const visit = (name: string): void => {
    const module = found.get(name);
    if (module === undefined || done.has(name)) return;
    done.add(name);
    for (const dep of [...module.requires].sort()) visit(dep);
    ordered.push(module);
  };
  for (const name of [...found.keys()].sort()) visit(name);
  return ordered;
}

/** Every module `name` needs, transitively, in load order (not including itself). */
function transitiveRequires(name: string, byName: Map<string, KernelModule>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (n: string): void => {
    for (const dep of byName.get(n)?.requires ?? []) {
      if (seen.has(dep) || !byName.has(dep)) continue;
      seen.add(dep);
      visit(dep);
      out.push(dep);
    }
  };
  visit(name);
  return out;
}

/** modules.dep as depmod writes it: `path: deps…`, the deps listed so that the *last* one is loaded first. */
export function modulesDep(selection: ModuleSelection): string {
  const byName = new Map(selection.modules.map((m) => [m.name, m]));
  const lines = selection.modules.map((m) => {
    const deps = transitiveRequires(m.name, byName)
      .reverse()
      .map((d) => byName.get(d)?.path ?? '');
    return `${m.path}:${deps.length > 0 ? ` ${deps.join(' ')}` : ''}`;
  });
  return `${lines.sort().join('\n')}\n`;
}

/** modules.alias as depmod writes it: `alias <pattern> <module>` (lets `modprobe <modalias>` find drivers). */
export function modulesAlias(selection: ModuleSelection): string {
  const lines = selection.modules.flatMap((m) => m.aliases.map((alias) => `alias ${alias} ${m.name}`));
  return `${lines.sort().join('\n')}\n`;
}
