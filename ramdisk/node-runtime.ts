// The Node.js runtime of the ramdisk: the build host's `node` (Debian 12's own nodejs is v18, too old for the
// agent), stripped of its symbol table (~99 -> ~86 MB, ../shared/lab's measurement). Its libraries come from
// the Debian packages like every other program's, not from the host.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The oldest Node major the agent supports (package.json engines). */
export const MIN_NODE_MAJOR = 20;

/** The runtime that goes into the image. */
export interface NodeRuntime {
  version: string;
  /** sha256 of the binary before stripping, to tell which host binary it was. */
  sourceSha256: string;
  /** The binary as stored in the image. */
  data: Buffer;
  /** Host path of that binary (the stripped copy in the cache), to resolve its libraries. */
  file: string;
}

/** Checks `nodeBin` is Node >= 20 and returns its stripped copy (cached by the input's hash). */
export async function prepareNodeRuntime(nodeBin: string, cacheDir: string, strip: boolean): Promise<NodeRuntime> {
  let version: string;
  try {
    version = (await run(nodeBin, ['-p', 'process.versions.node'])).stdout.trim();
  } catch (error) {
    throw new Error(`cannot run ${nodeBin} to read its version (pass --node-bin)`, { cause: error });
  }
  const major = Number(version.split('.')[0]);
  if (!(major >= MIN_NODE_MAJOR))
    throw new Error(`${nodeBin} is Node ${version}; the agent needs Node >= ${MIN_NODE_MAJOR}`);
  const source = readFileSync(nodeBin);
  const sourceSha256 = createHash('sha256').update(source).digest('hex');
  if (!strip) return { version, sourceSha256, data: source, file: nodeBin };
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `node-${version}-${sourceSha256.slice(0, 16)}.stripped`);
  if (!existsSync(file)) {
    try {
      await run('strip', ['--strip-all', '-o', `${file}.tmp`, nodeBin]);
    } catch (error) {
      throw new Error('strip failed (Debian package binutils; or build with --no-strip)', { cause: error });
    }
    renameSync(`${file}.tmp`, file);
  }
  return { version, sourceSha256, data: readFileSync(file), file };
}
