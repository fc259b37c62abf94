import type { TftpFileSource } from './file-source.js';

/** Asks each source in turn (e.g. generated per-node files, then a directory); the first that does not answer not-found wins. */
export function combineFileSources(sources: readonly TftpFileSource[]): TftpFileSource {
  return {
    async open(name, client) {
      for (const source of sources) {
        const result = await source.open(name, client);
        if (!('refused' in result) || result.refused !== 'not-found') return result;
      }
      return { refused: 'not-found', message: 'File not found' };
    },
  };
}
