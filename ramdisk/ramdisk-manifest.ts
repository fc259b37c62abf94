// dist/ramdisk/manifest.json: what a build put into the ramdisk, so an operator (and a test) can tell two
// builds apart, check sizes against the 60 MB budget, and see which Debian versions shipped. It holds no time
// stamps or host paths: two builds of the same inputs write the same manifest.
import type { Compression } from './compress.js';

/** One output file with its size and hash. */
export interface ManifestFile {
  file: string;
  sizeBytes: number;
  sha256: string;
}

/** The manifest written beside the kernel and initramfs. */
export interface RamdiskManifest {
  name: 'ferro-deploy';
  sourceDateEpoch: number;
  compression: { kind: Compression; level: number };
  kernel: ManifestFile & { version: string; package: string; packageVersion: string };
  initramfs: ManifestFile & { uncompressedBytes: number; fileCount: number };
  /** Kernel + initramfs, the bytes a node downloads. */
  totalBytes: number;
  node: { version: string; sourceSha256: string; sizeBytes: number; stripped: boolean };
  /** The agent bundle, and the native addons shipped beside it (ferro-lldp.node: LLDP capture). */
  agent: { file: string; sizeBytes: number; sha256: string; addons: ManifestFile[] };
  /** Every Debian package used, with the sha256 of its .deb. */
  packages: { name: string; version: string; sha256: string }[];
  /** Kernel modules in load order. */
  modules: string[];
  builtinModules: string[];
  /** Optional modules this kernel does not have. */
  absentModules: string[];
}
