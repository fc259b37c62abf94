// Files under one root directory. A name is checked (check-request-name.ts), joined to the root and then
// resolved with realpath, so a symlink inside the root that points outside it is refused like `..` is.
import { constants, type FileHandle, open, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { checkRequestName } from './check-request-name.js';
import type { TftpFile, TftpFileSource, TftpRefusal } from './file-source.js';

/** Serves regular files below `root`; nothing else on the machine is reachable. */
export function createDirectoryFileSource(options: { root: string }): TftpFileSource {
  let rootReal: Promise<string> | undefined;
  return {
    async open(requested) {
      const checked = checkRequestName(requested);
      if (!checked.ok) return { refused: 'access-violation', message: `Access violation: ${checked.reason}` };
      rootReal ??= realpath(options.root);
      return openBelow(await rootReal, checked.name);
    },
  };
}

async function openBelow(root: string, name: string): Promise<TftpFile | TftpRefusal> {
  let path: string;
  try {
    path = await realpath(join(root, name));
  } catch (error) {
    return refusalFor(error);
  }
  if (!path.startsWith(root + sep))
    return { refused: 'access-violation', message: 'Access violation: outside the root' };
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: the resolved path has no symlink left; if one appears now, a race is underway.
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    return refusalFor(error);
  }
  const stats = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!stats.isFile()) {
    await handle.close();
    return { refused: 'access-violation', message: 'Access violation: not a regular file' };
  }
  return fileOver(handle, stats.size);
}

function fileOver(handle: FileHandle, sizeBytes: number): TftpFile {
  return {
    sizeBytes,
    backing: { descriptor: handle.fd },
    async read(position, lengthBytes) {
      const length = Math.max(0, Math.min(lengthBytes, sizeBytes - position));
      const buffer = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
        if (bytesRead === 0) break; // the file shrank under us: serve what is there
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    },
    close: () => handle.close(),
  };
}

function refusalFor(error: unknown): TftpRefusal {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { refused: 'not-found', message: 'File not found' };
  if (code === 'ELOOP') return { refused: 'access-violation', message: 'Access violation: symlink loop' };
  return { refused: 'access-violation', message: `Access violation: ${code ?? 'cannot open'}` };
}
