// The port a TFTP server reads files through. It is small on purpose: a directory, bytes in memory and
// content generated per node (iPXE binaries, per-node scripts) all fit it, and the HTTP boot server can
// take the same shape later.

/** Who asked for a file, for sources that generate content per client. */
export interface TftpClient {
  readonly address: string;
  readonly port: number;
}

/**
 * Where an open file's bytes live, for the native data path (native-data-path.ts), which reads them on its
 * own threads: a descriptor it may `pread` (it takes a duplicate, so `close` may come at any time) or
 * bytes it copies. A file without one is served by the JS data path through `read`.
 */
export type TftpFileBacking = { readonly descriptor: number } | { readonly bytes: Uint8Array };

/**
 * An open file. Reads are random-access rather than a stream because a windowed transfer (RFC 7440 §4)
 * may go back a whole window after a loss.
 */
export interface TftpFile {
  readonly sizeBytes: number;
  /** Lets the native data path read the file without calling back into JS; see TftpFileBacking. */
  readonly backing?: TftpFileBacking;
  /** Up to `lengthBytes` bytes at `position`; fewer only at the end of the file. */
  read(position: number, lengthBytes: number): Promise<Uint8Array>;
  /** Releases the file; reads after this fail. */
  close(): Promise<void>;
}

/** Why a name was not served; `message` goes to the client in the ERROR packet. */
export interface TftpRefusal {
  readonly refused: 'not-found' | 'access-violation';
  readonly message: string;
}

/** Resolves requested names to files. */
export interface TftpFileSource {
  /** Opens `name` for `client`; a missing or forbidden name is a `TftpRefusal`, not an error. */
  open(name: string, client: TftpClient): Promise<TftpFile | TftpRefusal>;
}

/** True when `open` refused the name. */
export function isTftpRefusal(result: TftpFile | TftpRefusal): result is TftpRefusal {
  return 'refused' in result;
}

/** A file over bytes already in memory. */
export function memoryTftpFile(bytes: Uint8Array): TftpFile {
  return {
    sizeBytes: bytes.length,
    backing: { bytes },
    read: async (position, lengthBytes) => bytes.subarray(position, position + lengthBytes),
    close: async () => undefined,
  };
}
