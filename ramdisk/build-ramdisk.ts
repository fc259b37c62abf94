// Builds the deploy ramdisk (issue #5): Debian's kernel, and an initramfs with busybox, the disk/RAID/BMC tools
// the agent calls, the Node runtime and the bundled agent. Everything comes from Debian packages (cached) and
// the build host's node; the output is byte-for-byte reproducible for the same inputs and SOURCE_DATE_EPOCH.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import {
  addBusybox,
  addKernelModules,
  addLibraries,
  addPackagePrograms,
  addRootfs,
  addSkeleton,
} from './assemble-image.js';
import { compressChunks, type Compression } from './compress.js';
import { cpioNewcChunks } from './cpio-newc.js';
import { extractDeb, fetchDebClosure, type BuildLog, type DebPackage } from './deb-packages.js';
import { addEntry, imageFileBytes, type ImageTree } from './image-tree.js';
import { selectKernelModules } from './kernel-modules.js';
import { prepareNodeRuntime } from './node-runtime.js';
import { BASE_PACKAGES, MODULES, OPTIONAL_MODULES, PROGRAMS, QEMU_IMG } from './ramdisk-contents.js';
import { resolveSharedLibraries } from './shared-libraries.js';
import type { RamdiskManifest } from './ramdisk-manifest.js';

/** Everything a build needs; `main.ts` fills it from the command line and the environment. */
export interface RamdiskBuildOptions {
  outDir: string;
  cacheDir: string;
  /** The agent bundle (dist/agent/ferro-agent.mjs) or a stand-in; installed as /ferro/ferro-agent.mjs. */
  agentFile: string;
  nodeBin: string;
  compression: Compression;
  level: number;
  /** mtime of every file in the image (reproducible builds). */
  sourceDateEpoch: number;
  qemuImg: boolean;
  strip: boolean;
  /** Folder of files copied verbatim into the image (ramdisk/rootfs: /init, the udhcpc hook …). */
  rootfsDir: string;
  log: BuildLog;
}

/** The output file names under `outDir`. */
export const OUTPUT_FILES = {
  kernel: 'ferro-deploy.kernel',
  initramfs: 'ferro-deploy.initramfs',
  manifest: 'manifest.json',
} as const;

/** Where the agent lives in the image; /init runs `node /ferro/ferro-agent.mjs`. */
export const AGENT_IMAGE_PATH = 'ferro/ferro-agent.mjs';

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function byName(packages: readonly DebPackage[], name: string): DebPackage {
  const found = packages.find((p) => p.name === name);
  if (found === undefined) throw new Error(`Debian package ${name} missing from the fetched set`);
  return found;
}

/** Builds the kernel, initramfs and manifest into `options.outDir` and returns the manifest. */
export async function buildRamdisk(options: RamdiskBuildOptions): Promise<RamdiskManifest> {
  const { log } = options;
  if (!existsSync(options.agentFile))
    throw new Error(
      `agent bundle ${options.agentFile} not found: run \`npm run agent:build\` first (or pass --agent FILE)`,
    );
  const programs = options.qemuImg ? [...PROGRAMS, QEMU_IMG] : PROGRAMS;
  const roots = [...BASE_PACKAGES, ...programs.map((p) => p.package)];
  const packages = await fetchDebClosure(roots, join(options.cacheDir, 'debs'), log);
  const unpacked = new Map<string, string>();
  for (const deb of packages) unpacked.set(deb.name, await extractDeb(deb, join(options.cacheDir, 'unpacked')));
  const rootOf = (name: string): string => unpacked.get(byName(packages, name).name) ?? '';
  const allRoots = [...unpacked.values()];

  const tree: ImageTree = new Map();
  addSkeleton(tree);
  addRootfs(tree, options.rootfsDir);
  const elfFiles = programs.flatMap((p) => addPackagePrograms(tree, p.package, rootOf(p.package), p.programs));
  const node = await prepareNodeRuntime(options.nodeBin, join(options.cacheDir, 'node'), options.strip);
  addEntry(tree, 'usr/bin/node', { kind: 'file', mode: 0o755, data: node.data });
  const addons = agentAddons(options.agentFile);
  addLibraries(tree, resolveSharedLibraries(allRoots, [...elfFiles, node.file, ...addons]));
  const agent = readFileSync(options.agentFile);
  addEntry(tree, AGENT_IMAGE_PATH, { kind: 'file', mode: 0o644, data: agent });
  const addonFiles = addons.map((path) => {
    const data = readFileSync(path);
    const file = join(dirname(AGENT_IMAGE_PATH), basename(path));
    addEntry(tree, file, { kind: 'file', mode: 0o644, data });
    return { file, sizeBytes: data.length, sha256: sha256(data) };
  });
  if (addons.length === 0) log(`no ferro-*.node addon beside ${options.agentFile}: the agent will report lldp null`);
  const appletLinks = await addBusybox(tree, join(rootOf('busybox-static'), 'bin/busybox'));

  const kernel = kernelFiles(packages, unpacked);
  const selection = selectKernelModules(kernel.moduleDir, MODULES, OPTIONAL_MODULES);
  addKernelModules(tree, kernel.version, kernel.moduleDir, selection);
  log(
    `image: ${tree.size} entries, ${(imageFileBytes(tree) / 1e6).toFixed(1)} MB of files, ${selection.modules.length} modules, ${appletLinks} busybox links`,
  );

  mkdirSync(options.outDir, { recursive: true });
  const initramfsPath = join(options.outDir, OUTPUT_FILES.initramfs);
  const started = Date.now();
  const packed = await compressChunks(
    cpioNewcChunks(tree, options.sourceDateEpoch),
    options.compression,
    options.level,
    `${initramfsPath}.tmp`,
  );
  renameSync(`${initramfsPath}.tmp`, initramfsPath);
  log(
    `packed ${(packed.inputBytes / 1e6).toFixed(1)} MB -> ${(packed.sizeBytes / 1e6).toFixed(1)} MB (${options.compression} -${options.level}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const kernelData = readFileSync(kernel.vmlinuz);
  copyFileSync(kernel.vmlinuz, join(options.outDir, OUTPUT_FILES.kernel));

  const manifest: RamdiskManifest = {
    name: 'ferro-deploy',
    sourceDateEpoch: options.sourceDateEpoch,
    compression: { kind: options.compression, level: options.level },
    kernel: {
      file: OUTPUT_FILES.kernel,
      version: kernel.version,
      package: kernel.deb.name,
      packageVersion: kernel.deb.version,
      sizeBytes: kernelData.length,
      sha256: sha256(kernelData),
    },
    initramfs: {
      file: OUTPUT_FILES.initramfs,
      sizeBytes: packed.sizeBytes,
      uncompressedBytes: packed.inputBytes,
      fileCount: tree.size,
      sha256: packed.sha256,
    },
    totalBytes: kernelData.length + packed.sizeBytes,
    node: {
      version: node.version,
      sourceSha256: node.sourceSha256,
      sizeBytes: node.data.length,
      stripped: options.strip,
    },
    agent: { file: AGENT_IMAGE_PATH, sizeBytes: agent.length, sha256: sha256(agent), addons: addonFiles },
    packages: packages.map((p) => ({ name: p.name, version: p.version, sha256: sha256(readFileSync(p.file)) })),
    modules: selection.modules.map((m) => m.name),
    builtinModules: selection.builtin,
    absentModules: selection.absent,
  };
  writeFileSync(join(options.outDir, OUTPUT_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(`${initramfsPath}.tmp`, { force: true });
  return manifest;
}

/**
 * Native addons `npm run agent:build` puts beside the bundle (ferro-lldp.node, the agent's LLDP capture); they
 * go beside it in the image, where the agent loads them from. Sorted: the image must not depend on readdir order.
 */
function agentAddons(agentFile: string): string[] {
  const dir = dirname(agentFile);
  return readdirSync(dir).filter((name) => /^ferro-[a-z0-9-]+\.node$/.test(name)).sort().map((name) => join(dir, name));
}

/** The kernel image and module tree of the linux-image-<version>-amd64 package the metapackage pulled in. */
function kernelFiles(
  packages: readonly DebPackage[],
  unpacked: Map<string, string>,
): { deb: DebPackage; version: string; vmlinuz: string; moduleDir: string } {
  const deb = packages.find((p) => /^linux-image-\d.*-amd64$/.test(p.name));
  const root = deb === undefined ? undefined : unpacked.get(deb.name);
  if (deb === undefined || root === undefined)
    throw new Error('no linux-image-<version>-amd64 package among the fetched ones');
  const version = deb.name.slice('linux-image-'.length);
  const vmlinuz = join(root, 'boot', `vmlinuz-${version}`);
  if (!existsSync(vmlinuz)) throw new Error(`${deb.file} has no boot/vmlinuz-${version}`);
  return { deb, version, vmlinuz, moduleDir: join(root, 'lib', 'modules', version) };
}
