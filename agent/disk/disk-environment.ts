/**
 * Where the agent finds the machine's disks. `fileDisks` empty: the real block devices (the ramdisk).
 * Non-empty: test/demo mode, where these regular files are the machine's disks, so tests never touch the
 * host's disks.
 */
export interface DiskEnvironment {
  fileDisks: readonly string[];
}
