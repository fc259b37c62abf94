// One read request, from admission (limits, duplicate RRQs) to the end of its transfer: open the file,
// negotiate options and hand the transfer to a data path, which binds its own socket (the server TID,
// RFC 1350 §4): the native one when the file has a backing it can read, else the JS one.
import type { Logger } from '../../../core/index.js';
import type { DataPathTransfer } from './data-path.js';
import { isTftpRefusal, type TftpClient, type TftpFile, type TftpFileSource } from './file-source.js';
import { startJsTransfer, type JsTransferParams } from './js-data-path.js';
import type { NativeDataPath } from './native-data-path.js';
import { negotiateOptions } from './negotiate-options.js';
import { netasciiFile } from './netascii.js';
import { encodeOack, TftpErrorCode, type TftpRequest } from './packet.js';
import type { TftpServerLimits } from './tftp-server.js';

/** Files are read in chunks this large: one read per 179 blocks of 1468 bytes, 128 KiB per transfer ahead. */
const DEFAULT_READ_CHUNK_BYTES = 256 * 1024;

/** A transfer the server can stop on close. */
export interface RunningTransfer {
  abort(message: string): void;
  readonly closed: Promise<void>;
}

/** Server state shared by all requests. */
export interface ReadRequestDeps {
  readonly source: TftpFileSource;
  readonly log: Logger;
  readonly limits: TftpServerLimits;
  /** By client `address:port`; a repeated RRQ from the same TID is the client retransmitting it. */
  readonly active: Map<string, RunningTransfer>;
  /** Transfers per client address. */
  readonly perClient: Map<string, number>;
  /** The native data path, for files that have a TftpFileBacking; undefined: JS serves everything. */
  readonly native: NativeDataPath | undefined;
}

/** Sends an ERROR from the listening socket. */
export type ReplyError = (code: TftpErrorCode, message: string) => void;

interface Slot {
  abortMessage?: string;
  transfer?: DataPathTransfer;
}

/** Admits an RRQ and runs its transfer in the background; refusals are answered through `reply`. */
export function serveReadRequest(
  deps: ReadRequestDeps,
  localAddress: string,
  request: TftpRequest,
  client: TftpClient,
  reply: ReplyError,
): void {
  const key = `${client.address}:${client.port}`;
  if (deps.active.has(key)) return;
  const { maxTransfers, maxTransfersPerClient } = deps.limits;
  const perClient = deps.perClient.get(client.address) ?? 0;
  if (deps.active.size >= maxTransfers || perClient >= maxTransfersPerClient) {
    deps.log.warn({ client: client.address, active: deps.active.size }, 'tftp request refused: server busy');
    reply(TftpErrorCode.NotDefined, 'Server busy: too many transfers, retry later');
    return;
  }
  deps.perClient.set(client.address, perClient + 1);
  const slot: Slot = {};
  const log = deps.log.child({ client: key, file: request.filename });
  const closed = runTransfer(deps, localAddress, request, client, reply, slot, log)
    .catch((error: unknown) => {
      log.error({ err: error }, 'tftp transfer failed');
      if (slot.transfer === undefined) reply(TftpErrorCode.NotDefined, 'Server error; see the conductor log');
    })
    .finally(() => {
      deps.active.delete(key);
      const left = (deps.perClient.get(client.address) ?? 1) - 1;
      if (left === 0) deps.perClient.delete(client.address);
      else deps.perClient.set(client.address, left);
    });
  deps.active.set(key, {
    abort: (message) => {
      slot.abortMessage = message;
      slot.transfer?.abort(message);
    },
    closed,
  });
}

async function openForMode(
  deps: ReadRequestDeps,
  request: TftpRequest,
  client: TftpClient,
  reply: ReplyError,
): Promise<{ opened: TftpFile; file: TftpFile } | undefined> {
  if (request.mode !== 'octet' && request.mode !== 'netascii') {
    reply(TftpErrorCode.IllegalOperation, `Illegal TFTP operation: mode '${request.mode}' is not supported; use octet`);
    return undefined;
  }
  const opened = await deps.source.open(request.filename, client);
  if (isTftpRefusal(opened)) {
    const code = opened.refused === 'not-found' ? TftpErrorCode.FileNotFound : TftpErrorCode.AccessViolation;
    reply(code, opened.message);
    return undefined;
  }
  if (request.mode === 'octet') return { opened, file: opened };
  const converted = await netasciiFile(opened);
  if (converted === undefined) {
    await opened.close();
    reply(TftpErrorCode.NotDefined, 'netascii mode is limited to 16 MiB files; use octet (binary) mode');
    return undefined;
  }
  return { opened, file: converted };
}

async function runTransfer(
  deps: ReadRequestDeps,
  localAddress: string,
  request: TftpRequest,
  client: TftpClient,
  reply: ReplyError,
  slot: Slot,
  log: Logger,
): Promise<void> {
  const files = await openForMode(deps, request, client, reply);
  if (files === undefined) return;
  try {
    const negotiated = negotiateOptions(request.options, files.file.sizeBytes, deps.limits);
    const transfer = await startOnDataPath(deps, { file: files.file, negotiated, localAddress, client, log });
    slot.transfer = transfer;
    if (slot.abortMessage !== undefined) transfer.abort(slot.abortMessage); // close() came while we bound
    log.debug(
      { options: Object.fromEntries(negotiated.oack), sizeBytes: files.file.sizeBytes },
      'tftp transfer started',
    );
    const { outcome, ackedBlocks } = await transfer.finished;
    if (outcome === 'complete' || outcome === 'client-error') log.debug({ outcome }, 'tftp transfer ended');
    else log.warn({ outcome, ackedBlocks }, 'tftp transfer ended early');
  } finally {
    await files.opened.close();
  }
}

/** The native data path when it is loaded and can read the file, else the JS one. */
async function startOnDataPath(
  deps: ReadRequestDeps,
  setup: Omit<JsTransferParams, 'maxRetries' | 'readChunkBytes'>,
): Promise<DataPathTransfer> {
  const { file, negotiated, client } = setup;
  // A scoped IPv6 address (fe80::1%eth0) is beyond the addon's inet_pton: such clients take the JS path.
  if (deps.native !== undefined && file.backing !== undefined && !client.address.includes('%')) {
    return deps.native.start({
      backing: file.backing,
      sizeBytes: file.sizeBytes,
      localAddress: setup.localAddress,
      client,
      ...negotiated,
      maxRetries: deps.limits.maxRetries,
      oack: negotiated.oack.size > 0 ? encodeOack(negotiated.oack) : new Uint8Array(0),
    });
  }
  const readChunkBytes = deps.limits.readChunkBytes ?? DEFAULT_READ_CHUNK_BYTES;
  return startJsTransfer({ ...setup, maxRetries: deps.limits.maxRetries, readChunkBytes });
}
