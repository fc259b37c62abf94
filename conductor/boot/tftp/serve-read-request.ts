// One read request, from admission (limits, duplicate RRQs) to the end of its transfer: open the file,
// negotiate options, bind the transfer's own socket (the server TID, RFC 1350 §4) and run the transfer.
import type { Socket } from 'node:dgram';
import type { Logger } from '../../../core/index.js';
import { createBlockReader } from './block-reader.js';
import { isTftpRefusal, type TftpClient, type TftpFile, type TftpFileSource } from './file-source.js';
import { negotiateOptions } from './negotiate-options.js';
import { netasciiFile } from './netascii.js';
import { decodeTftpPacket, encodeError, TftpErrorCode, TftpOpcode, type TftpRequest } from './packet.js';
import type { TftpServerLimits } from './tftp-server.js';
import { createTransfer, type Transfer, type TransferTimer } from './transfer.js';
import { bindUdpSocket } from './udp-socket.js';

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
}

/** Sends an ERROR from the listening socket. */
export type ReplyError = (code: TftpErrorCode, message: string) => void;

interface Slot {
  abortMessage?: string;
  transfer?: Transfer;
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
  let socket: Socket | undefined;
  try {
    const negotiated = negotiateOptions(request.options, files.file.sizeBytes, deps.limits);
    socket = await bindUdpSocket(localAddress, 0);
    if (slot.abortMessage !== undefined) return;
    const transfer = createTransfer({
      reader: createBlockReader(files.file, negotiated.blksize, deps.limits.readChunkBytes ?? DEFAULT_READ_CHUNK_BYTES),
      windowsize: negotiated.windowsize,
      oack: negotiated.oack,
      maxRetries: deps.limits.maxRetries,
      send: sendTo(socket, client),
      createTimer: (onTimeout) => nodeTimer(negotiated.timeoutMs, onTimeout),
    });
    slot.transfer = transfer;
    routePackets(socket, client, transfer, log);
    log.debug(
      { options: Object.fromEntries(negotiated.oack), sizeBytes: files.file.sizeBytes },
      'tftp transfer started',
    );
    transfer.start();
    const outcome = await transfer.finished;
    if (outcome === 'complete' || outcome === 'client-error') log.debug({ outcome }, 'tftp transfer ended');
    else log.warn({ outcome, ackedBlocks: transfer.ackedBlocks() }, 'tftp transfer ended early');
  } finally {
    socket?.close();
    await files.opened.close();
  }
}

function sendTo(socket: Socket, client: TftpClient): (packet: readonly Uint8Array[]) => void {
  return (packet) => socket.send(packet, client.port, client.address);
}

/** Packets from the client's TID drive the transfer; anyone else gets ERROR 5 (RFC 1350 §4). */
function routePackets(socket: Socket, client: TftpClient, transfer: Transfer, log: Logger): void {
  socket.on('message', (msg, from) => {
    if (from.port === client.port && from.address === client.address) {
      // ACKs are nearly all the traffic: decode them inline (RFC 1350 §5, 4 bytes, opcode 4).
      if (msg.length === 4 && msg[0] === 0 && msg[1] === TftpOpcode.Ack)
        transfer.receive({ op: 'ack', block: msg.readUInt16BE(2) });
      else transfer.receive(decodeTftpPacket(msg));
      return;
    }
    log.debug({ from: `${from.address}:${from.port}` }, 'tftp packet from an unknown transfer ID');
    // Never answer an ERROR with an ERROR: two confused peers would bounce them forever.
    if (msg[0] !== 0 || msg[1] !== TftpOpcode.Error) {
      socket.send(encodeError(TftpErrorCode.UnknownTransferId, 'Unknown transfer ID'), from.port, from.address);
    }
  });
  // Send failures (ENOBUFS, ICMP unreachable) surface here; the retransmission timer covers them.
  socket.on('error', (error) => log.debug({ err: error }, 'tftp socket error'));
}

function nodeTimer(timeoutMs: number, onTimeout: () => void): TransferTimer {
  let timer: NodeJS.Timeout | undefined;
  return {
    arm() {
      if (timer === undefined) timer = setTimeout(onTimeout, timeoutMs);
      else timer.refresh();
    },
    disarm() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
