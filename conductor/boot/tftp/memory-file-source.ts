// Files held in memory or generated per client: the iPXE binaries a conductor ships, per-node scripts.
import { checkRequestName } from './check-request-name.js';
import { memoryTftpFile, type TftpClient, type TftpFileSource } from './file-source.js';

/** Content for a checked name, or undefined when there is none; may depend on the client. */
export type TftpContentLookup = (
  name: string,
  client: TftpClient,
) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

/** Serves names from a map or a lookup function; names are checked like the directory source's. */
export function createMemoryFileSource(content: ReadonlyMap<string, Uint8Array> | TftpContentLookup): TftpFileSource {
  const lookup: TftpContentLookup = typeof content === 'function' ? content : (name) => content.get(name);
  return {
    async open(requested, client) {
      const checked = checkRequestName(requested);
      if (!checked.ok) return { refused: 'access-violation', message: `Access violation: ${checked.reason}` };
      const bytes = await lookup(checked.name, client);
      return bytes === undefined ? { refused: 'not-found', message: 'File not found' } : memoryTftpFile(bytes);
    },
  };
}
