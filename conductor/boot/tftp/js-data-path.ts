// The JS data path: a transfer (transfer.ts) on its own dgram socket in the event loop. It serves every
// file when the native addon is not built, and files whose source gives no TftpFileBacking.
import type { Socket } from 'node:dgram';
import type { Logger } from '../../../core/index.js';
import { createBlockReader } from './block-reader.js';
import type { TftpClient, TftpFile } from './file-source.js';
import type { DataPathTransfer } from './data-path.js';
import type { NegotiatedOptions } from './negotiate-options.js';
import { decodeTftpPacket, encodeError, TftpErrorCode, TftpOpcode } from './packet.js';
import { createTransfer, type Transfer, type TransferTimer } from './transfer.js';
import { bindUdpSocket } from './udp-socket.js';

/** What a JS transfer needs. */
export interface JsTransferParams {
  readonly file: TftpFile;
  readonly negotiated: NegotiatedOptions;
  /** The listening address; the transfer's socket binds it with an ephemeral port (its TID). */
  readonly localAddress: string;
  readonly client: TftpClient;
  readonly maxRetries: number;
  readonly readChunkBytes: number;
  readonly log: Logger;
}

/** Binds the transfer's socket and starts sending; the socket closes when the transfer ends. */
export async function startJsTransfer(params: JsTransferParams): Promise<DataPathTransfer> {
  const { negotiated, client } = params;
  const socket = await bindUdpSocket(params.localAddress, 0);
  const transfer = createTransfer({
    reader: createBlockReader(params.file, negotiated.blksize, params.readChunkBytes),
    windowsize: negotiated.windowsize,
    oack: negotiated.oack,
    maxRetries: params.maxRetries,
    send: (packet) => socket.send(packet, client.port, client.address),
    createTimer: (onTimeout) => nodeTimer(negotiated.timeoutMs, onTimeout),
  });
  routePackets(socket, client, transfer, params.log);
  transfer.start();
  const finished = transfer.finished.then((outcome) => {
    socket.close();
    return { outcome, ackedBlocks: transfer.ackedBlocks() };
  });
  return { finished, abort: (message) => transfer.abort(message) };
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
