// The TFTP server (issue #4): read-only, RFC 1350/2347/2348/2349/7440.
export { startTftpServer, type TftpServer, type TftpServerLimits, type TftpServerOptions } from './tftp-server.js';
export { TftpListenError } from './udp-socket.js';
export type { TftpDataPath } from './data-path.js';
export {
  isTftpRefusal,
  memoryTftpFile,
  type TftpClient,
  type TftpFile,
  type TftpFileBacking,
  type TftpFileSource,
  type TftpRefusal,
} from './file-source.js';
export { createDirectoryFileSource } from './directory-file-source.js';
export { createMemoryFileSource, type TftpContentLookup } from './memory-file-source.js';
export { combineFileSources } from './combine-file-sources.js';
export { interfaceAddresses } from './interface-addresses.js';
