// A partition image for the lab (test/e2e/agent-partition-image.test.ts): an ext4 file system image that becomes
// the root partition, with the image's own GRUB for the agent's image.install_bootloader to run through chroot,
// a Debian kernel and an initrd that prints a marker. Built from Debian packages (apt-get download into its own
// cache, nothing installed on the host) with mkfs.ext4 -d (no mount), and cached under a key made of the package
// versions and the image's recipe, so a second run costs nothing. Needs root (the files must belong to root in
// the image), dpkg-deb and mkfs.ext4; the first build needs Debian's mirror.
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDeb, fetchDebClosure, type DebPackage } from '../../ramdisk/deb-packages.js';
import { runCommand } from './lab.js';
import { DEFAULT_GRUB, INSTANCE_MARKER, PARTITION_IMAGE_PACKAGES, stagedBytes, stagePartitionImage } from './partition-image-tree.js';

/** Bumped when the image's contents change in a way the package versions do not show. */
const RECIPE_VERSION = 2;
/** Room left for what install_bootloader writes into /boot/grub (modules of one target, fonts, grub.cfg). */
const HEADROOM_MIB = 24;
/** The instance initrd's one file mtime (2024-01-01): its bytes depend only on busybox and /init. */
const INITRD_MTIME_S = 1_704_067_200;

/** A built (or cached) partition image and what the e2e checks against. */
export interface PartitionImage {
  /** The ext4 file system image (raw), written into the root partition as is. */
  image: string;
  /** Copies of the image's /boot/vmlinuz-<v> and /boot/initrd.img-<v> (instance_info kernel and ramdisk). */
  kernel: string;
  initrd: string;
  kernelVersion: string;
  /** The file system UUID: the agent reports it as `root uuid`, GRUB puts it in root=UUID=… */
  fsUuid: string;
  sha256: string;
  sizeBytes: number;
  /** What the instance prints on ttyS0 (followed by kernel= and cmdline=). */
  marker: string;
  packages: Array<{ name: string; version: string }>;
  /** True when it came from the cache. */
  cached: boolean;
}

/** Where to build and what to reuse. */
export interface PartitionImageOptions {
  /** Own cache: debs/, unpacked/, images/<key>/. Never another build's cache (they may run at once). */
  cacheDir: string;
  /** Directories of .debs another build already fetched; only read, and only kernel packages are taken from them. */
  seedDebDirs?: readonly string[];
  log?: (message: string) => void;
}

/** Builds the partition image unless the cache has one for the same packages and recipe; returns it. */
export async function ensurePartitionImage(options: PartitionImageOptions): Promise<PartitionImage> {
  const log = options.log ?? (() => undefined);
  const debs = join(options.cacheDir, 'debs');
  seedKernelDebs(debs, options.seedDebDirs ?? []);
  const packages = await fetchDebClosure(PARTITION_IMAGE_PACKAGES, debs, log);
  const key = recipeKey(packages);
  const dir = join(options.cacheDir, 'images', key.slice(0, 16));
  const manifest = join(dir, 'manifest.json');
  if (existsSync(manifest)) return { ...(JSON.parse(readFileSync(manifest, 'utf8')) as Omit<PartitionImage, 'cached'>), cached: true };
  const unpacked = new Map<string, string>();
  for (const deb of packages) unpacked.set(deb.name, await extractDeb(deb, join(options.cacheDir, 'unpacked')));
  const work = `${dir}.tmp`;
  rmSync(work, { recursive: true, force: true });
  const stage = join(work, 'root');
  mkdirSync(stage, { recursive: true });
  const kernelVersion = await stagePartitionImage(stage, unpacked, INITRD_MTIME_S);
  const image = join(work, 'root.ext4');
  const sizeMib = Math.ceil((stagedBytes(stage) * 1.15) / 1_048_576) + HEADROOM_MIB;
  const fsUuid = uuidFromKey(key);
  const made = await runCommand('mkfs.ext4', ['-q', '-F', '-L', 'ferro-root', '-U', fsUuid, '-d', stage, image, `${String(sizeMib)}M`], { timeoutMs: 300_000 });
  if (made.code !== 0) throw new Error(`mkfs.ext4 -d ${stage}: ${made.stderr.trim()}`);
  copyFileSync(join(stage, 'boot', `vmlinuz-${kernelVersion}`), join(work, 'vmlinuz'));
  copyFileSync(join(stage, 'boot', `initrd.img-${kernelVersion}`), join(work, 'initrd.img'));
  rmSync(stage, { recursive: true, force: true });
  // One image per cache: older recipes or package sets are dropped (each is ~60 MB).
  for (const old of readdirSync(join(options.cacheDir, 'images'))) {
    if (join(options.cacheDir, 'images', old) !== work) rmSync(join(options.cacheDir, 'images', old), { recursive: true, force: true });
  }
  renameSync(work, dir);
  const built: Omit<PartitionImage, 'cached'> = {
    image: join(dir, 'root.ext4'), kernel: join(dir, 'vmlinuz'), initrd: join(dir, 'initrd.img'), kernelVersion, fsUuid,
    sha256: await sha256File(join(dir, 'root.ext4')), sizeBytes: statSync(join(dir, 'root.ext4')).size, marker: INSTANCE_MARKER,
    packages: packages.map((p) => ({ name: p.name, version: p.version })),
  };
  writeFileSync(manifest, `${JSON.stringify(built, null, 2)}\n`);
  // The unpacked kernel package alone is ~400 MB of modules the image does not use; the .debs stay for a rebuild.
  rmSync(join(options.cacheDir, 'unpacked'), { recursive: true, force: true });
  log(`partition image ${built.image}: ${(built.sizeBytes / 1_048_576).toFixed(0)} MiB, kernel ${kernelVersion}, UUID ${fsUuid}`);
  return { ...built, cached: false };
}

/** Hard-links (or copies) linux-image .debs from other caches into ours: the kernel package alone is ~70 MB. */
function seedKernelDebs(debs: string, seedDirs: readonly string[]): void {
  mkdirSync(debs, { recursive: true });
  for (const seed of seedDirs) {
    if (!existsSync(seed)) continue;
    for (const file of readdirSync(seed).filter((f) => /^linux-image-.*\.deb$/.test(f))) {
      if (existsSync(join(debs, file))) continue;
      try {
        linkSync(join(seed, file), join(debs, file));
      } catch {
        copyFileSync(join(seed, file), join(debs, file));
      }
    }
  }
}

/** The cache key: every package's name and version, and the recipe (files, GRUB defaults, marker). */
function recipeKey(packages: readonly DebPackage[]): string {
  const recipe = { RECIPE_VERSION, DEFAULT_GRUB, INSTANCE_MARKER, packages: packages.map((p) => `${p.name}=${p.version}`) };
  return createHash('sha256').update(JSON.stringify(recipe)).digest('hex');
}

/** A fixed file system UUID per recipe, so a cached image and a rebuilt one agree (RFC 4122 variant bits). */
function uuidFromKey(key: string): string {
  const hex = key.slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}


async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A partition image without GRUB (a root file system with only /etc and /boot), for the deploy that must fail
 * saying the image has no grub-install. Written to `path`; returns its sha256.
 */
export async function buildImageWithoutGrub(path: string): Promise<string> {
  const stage = `${path}.d`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'etc'), { recursive: true });
  mkdirSync(join(stage, 'boot'), { recursive: true });
  writeFileSync(join(stage, 'etc/hostname'), 'no-grub\n');
  const made = await runCommand('mkfs.ext4', ['-q', '-F', '-L', 'no-grub', '-d', stage, path, '8M']);
  rmSync(stage, { recursive: true, force: true });
  if (made.code !== 0) throw new Error(`mkfs.ext4 -d ${stage}: ${made.stderr.trim()}`);
  return sha256File(path);
}
