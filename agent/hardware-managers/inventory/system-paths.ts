import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where the machine's facts are read from. The ramdisk uses `/proc`, `/sys` and `/dev`; tests point these at
 * a fake tree, so inventory code never depends on the test machine.
 */
export interface SystemPaths {
  proc: string;
  sys: string;
  dev: string;
}

/** The real paths. */
export const realSystemPaths: SystemPaths = { proc: '/proc', sys: '/sys', dev: '/dev' };

/** A sysfs/procfs file's contents, trimmed; undefined when it cannot be read (absent, or EINVAL like speed of a down NIC). */
export async function readText(...parts: string[]): Promise<string | undefined> {
  try {
    return (await readFile(join(...parts), 'utf8')).trim();
  } catch {
    return undefined;
  }
}
