// The TFTP server (RFC 1350, read-only): listening sockets take requests; each accepted read gets its own
// ephemeral socket, which is the server's TID for that transfer (RFC 1350 §4).
import type { Socket } from 'node:dgram';
import type { Logger } from '../../../core/index.js';
import type { TftpDataPath } from './data-path.js';
import type { TftpFileSource } from './file-source.js';
import { loadNativeDataPath, type NativeDataPath } from './native-data-path.js';
import { decodeTftpPacket, encodeError, TftpErrorCode } from './packet.js';
import { serveReadRequest, type ReadRequestDeps } from './serve-read-request.js';
import { bindUdpSocket } from './udp-socket.js';

/** Limits and timers of a TFTP server; the conductor fills them from the `tftp` config section. */
export interface TftpServerLimits {
  /** Transfers at once over all clients; more requests get ERROR 0 "server busy". */
  readonly maxTransfers: number;
  /** Transfers at once per client address. */
  readonly maxTransfersPerClient: number;
  readonly blksizeMax: number;
  readonly windowsizeMax: number;
  /** Retransmission timeout unless the client asks for one (RFC 2349). */
  readonly timeoutMs: number;
  /** Retransmissions before a transfer is abandoned. */
  readonly maxRetries: number;
  /** Size of the chunks files are read in (default 256 KiB; see docs/benchmarks.md). */
  readonly readChunkBytes?: number;
}

/** What `startTftpServer` needs. */
export interface TftpServerOptions {
  /** IP addresses to listen on, e.g. ['0.0.0.0'] or one per interface. */
  readonly addresses: readonly string[];
  /** UDP port; 69 in production, 0 picks a free one (tests). */
  readonly port: number;
  readonly source: TftpFileSource;
  readonly log: Logger;
  readonly limits: TftpServerLimits;
  /**
   * Data path for transfers: `auto` (default) takes the native one when `npm run build:dhcp-native` built
   * it, `native` requires it. Files without a TftpFileBacking are always served by the JS data path.
   */
  readonly dataPath?: TftpDataPath;
}

/** A running server. */
export interface TftpServer {
  /** Where it listens (the real port when 0 was asked). */
  addresses(): { address: string; port: number }[];
  /** Transfers in progress. */
  activeTransfers(): number;
  /** Whether transfers run on the native data path (files with a backing; see file-source.ts). */
  readonly native: boolean;
  /** Stops listening, aborts transfers and waits for their sockets to close. */
  close(): Promise<void>;
}

/** Binds every address (a bind failure is a `TftpListenError`) and starts serving. */
export async function startTftpServer(options: TftpServerOptions): Promise<TftpServer> {
  const native = chooseDataPath(options.dataPath ?? 'auto');
  const listeners: Socket[] = [];
  try {
    for (const address of options.addresses) listeners.push(await bindUdpSocket(address, options.port));
  } catch (error) {
    for (const socket of listeners) socket.close();
    throw error;
  }
  const deps: ReadRequestDeps = {
    source: options.source,
    log: options.log,
    limits: options.limits,
    active: new Map(),
    perClient: new Map(),
    native,
  };
  for (const listener of listeners) {
    listener.on('message', (msg, peer) => onRequest(deps, listener, msg, peer));
    // An ERROR we send to a vanished client can come back as ICMP unreachable; it is not fatal.
    listener.on('error', (error) => options.log.debug({ err: error }, 'tftp listening socket error'));
  }
  let closed = false;
  options.log.info(
    { addresses: listeners.map((s) => s.address()), dataPath: native === undefined ? 'js' : 'native' },
    'tftp server listening',
  );
  return {
    native: native !== undefined,
    addresses: () => listeners.map((s) => ({ address: s.address().address, port: s.address().port })),
    activeTransfers: () => deps.active.size,
    async close() {
      if (closed) return;
      closed = true;
      for (const socket of listeners) socket.close();
      const running = [...deps.active.values()];
      for (const transfer of running) transfer.abort('Server shutting down');
      await Promise.all(running.map((t) => t.closed));
    },
  };
}

function chooseDataPath(dataPath: TftpDataPath): NativeDataPath | undefined {
  if (dataPath === 'js') return undefined;
  const native = loadNativeDataPath();
  if (native === undefined && dataPath === 'native')
    throw new Error('The TFTP native data path is not built: run `npm run build:dhcp-native` (needs make and gcc).');
  return native;
}

function onRequest(
  deps: ReadRequestDeps,
  listener: Socket,
  msg: Buffer,
  peer: { address: string; port: number },
): void {
  const packet = decodeTftpPacket(msg);
  const reply = (code: TftpErrorCode, message: string): void => {
    listener.send(encodeError(code, message), peer.port, peer.address);
  };
  switch (packet.op) {
    case 'rrq':
      serveReadRequest(deps, listener.address().address, packet, peer, reply);
      return;
    case 'wrq':
      reply(TftpErrorCode.AccessViolation, 'Access violation: this server is read-only');
      return;
    case 'invalid':
      // Answer only what claims to be a request; stray garbage gets no reply (no reflection).
      if (msg[0] === 0 && (msg[1] === 1 || msg[1] === 2))
        reply(TftpErrorCode.IllegalOperation, `Illegal TFTP operation: ${packet.reason}`);
      else deps.log.debug({ client: peer.address, reason: packet.reason }, 'tftp datagram ignored');
      return;
    default:
      // DATA, ACK, ERROR or OACK to the listening port belong to no transfer (RFC 1350 §4).
      deps.log.debug({ client: peer.address, op: packet.op }, 'tftp packet outside a transfer ignored');
  }
}
