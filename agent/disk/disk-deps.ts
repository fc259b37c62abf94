import { stat } from 'node:fs/promises';
import { setTimeout as sleepMs } from 'node:timers/promises';
import { runCommand, type CommandResult, type RunOptions } from '../run-command.js';

/** Runs a program without a shell (agent/run-command.ts's signature), injectable so unit tests use fixtures. */
export type CommandRunner = (program: string, args: readonly string[], options?: RunOptions) => Promise<CommandResult>;

/**
 * What the disk functions read and run besides their arguments. Defaults are the real machine; unit tests
 * pass a fake runner and a fixture tree for /sys and /dev (STYLE §4: everything arrives as a parameter).
 */
export interface DiskDeps {
  run: CommandRunner;
  /** Root of sysfs (`/sys`). */
  sysfsRoot: string;
  /** Root of device nodes (`/dev`). */
  devRoot: string;
  /** Root of udev's database (`/run/udev/data`); absent in a ramdisk without udevd. */
  udevDataRoot: string;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Whether `path` is a block device (false for the regular files of file-disk mode). */
  isBlockDevice(path: string): Promise<boolean>;
}

/** The real machine. */
export const defaultDiskDeps: DiskDeps = {
  run: runCommand,
  sysfsRoot: '/sys',
  devRoot: '/dev',
  udevDataRoot: '/run/udev/data',
  sleep: async (ms, signal) => {
    await sleepMs(ms, undefined, signal === undefined ? {} : { signal });
  },
  isBlockDevice: async (path) => (await stat(path)).isBlockDevice(),
};

/** The defaults with some fields replaced. */
export function diskDeps(overrides: Partial<DiskDeps> = {}): DiskDeps {
  return { ...defaultDiskDeps, ...overrides };
}
