// One read transfer, as a state machine over decoded packets: OACK (RFC 2347 §3), then DATA in windows of
// `windowsize` blocks (RFC 7440; 1 = RFC 1350 lock-step), retransmission on timeout with bounded retries.
// Sockets and timers are passed in, so tests drive it with a fake channel and fire timeouts by hand.
import type { BlockReader } from './block-reader.js';
import { encodeDataHeader, encodeError, encodeOack, TftpErrorCode, type TftpPacket } from './packet.js';

/** How a transfer ended. */
export type TransferOutcome = 'complete' | 'timeout' | 'client-error' | 'protocol-error' | 'read-error' | 'aborted';

/** A retransmission timer: `arm` (re)starts it, `disarm` stops it. */
export interface TransferTimer {
  arm(): void;
  disarm(): void;
}

/** What a transfer needs from the outside. */
export interface TransferParams {
  readonly reader: BlockReader;
  readonly windowsize: number;
  /** Options to acknowledge first; empty sends block 1 at once (RFC 2347 §3). */
  readonly oack: ReadonlyMap<string, string>;
  /** Retransmissions of one window or OACK before giving up. */
  readonly maxRetries: number;
  /** Sends one datagram (as buffers to concatenate) to the client's TID. */
  send(packet: readonly Uint8Array[]): void;
  /** Creates the timer; its callback is the transfer's timeout handler. */
  createTimer(onTimeout: () => void): TransferTimer;
}

/** A running transfer. */
export interface Transfer {
  /** Sends the OACK or the first window. */
  start(): void;
  /** A packet from the client's TID. */
  receive(packet: TftpPacket | { op: 'invalid' }): void;
  /** Stops at once, telling the client why (ERROR 0). */
  abort(message: string): void;
  /** Settles once, when the transfer ends. */
  readonly finished: Promise<TransferOutcome>;
  /** Blocks the client has acknowledged. */
  readonly ackedBlocks: () => number;
}

/** Starts nothing yet: call `start()`. */
export function createTransfer(params: TransferParams): Transfer {
  const { reader, windowsize, maxRetries } = params;
  const last = reader.totalBlocks;
  let phase: 'oack' | 'data' | 'done' = params.oack.size > 0 ? 'oack' : 'data';
  let base = 1; // lowest block not yet acknowledged
  let next = 1; // next block to send
  let retries = 0;
  let wentBack = false; // one go-back per window on a duplicate ACK (no sorcerer's apprentice)
  let generation = 0; // bumps whenever a pending async send loop must stop
  let settle: (outcome: TransferOutcome) => void = () => undefined;
  const finished = new Promise<TransferOutcome>((resolve) => (settle = resolve));
  const timer = params.createTimer(onTimeout);

  function finish(outcome: TransferOutcome, error?: string, code: TftpErrorCode = TftpErrorCode.NotDefined): void {
    if (phase === 'done') return;
    phase = 'done';
    generation++;
    timer.disarm();
    if (error !== undefined) params.send([encodeError(code, error)]);
    settle(outcome);
  }

  function sendWindow(): void {
    timer.arm();
    const mine = ++generation;
    while (next <= last && next < base + windowsize) {
      const data = reader.block(next);
      if (data instanceof Promise) {
        data.then(
          (bytes) => {
            if (mine !== generation) return; // an ACK or timeout restarted the window meanwhile
            sendBlock(bytes);
            sendWindow();
          },
          () => finish('read-error', 'Error reading the file'),
        );
        return;
      }
      sendBlock(data);
    }
  }

  function sendBlock(data: Uint8Array): void {
    params.send([encodeDataHeader(next), data]);
    next++;
  }

  function onAck(wire: number): void {
    if (phase === 'oack') {
      if (wire !== 0) return;
      phase = 'data';
      retries = 0;
      sendWindow();
      return;
    }
    // 16-bit block numbers roll over to 0 after 65535; map the wire number to the nearest index at or
    // after the last acknowledged block (base - 1).
    const acked = base - 1 + ((wire - (base - 1)) & 0xffff);
    if (acked >= next) return; // acknowledges nothing we sent: stale or bogus
    if (acked === last) return finish('complete');
    if (acked === base - 1) {
      // A duplicate ACK. Lock-step: ignore it (RFC 1350 sorcerer's apprentice). Windowed: the client
      // lost the window's first block (RFC 7440 §4); go back once, then leave the rest to the timer.
      if (windowsize === 1 || wentBack) return;
      wentBack = true;
    } else {
      wentBack = false;
      retries = 0;
    }
    base = acked + 1;
    next = base; // a partial window ACK means the blocks after it were lost: resend from there
    sendWindow();
  }

  function onTimeout(): void {
    if (phase === 'done') return;
    if (++retries > maxRetries) return finish('timeout', 'Transfer timed out');
    if (phase === 'oack') {
      timer.arm();
      params.send([encodeOack(params.oack)]);
      return;
    }
    next = base;
    sendWindow();
  }

  return {
    start() {
      if (phase === 'oack') {
        timer.arm();
        params.send([encodeOack(params.oack)]);
      } else sendWindow();
    },
    receive(packet) {
      if (phase === 'done') return;
      if (packet.op === 'ack') onAck(packet.block);
      else if (packet.op === 'error') finish('client-error');
      else if (packet.op !== 'invalid') {
        finish(
          'protocol-error',
          `Illegal TFTP operation: ${packet.op.toUpperCase()} during a read`,
          TftpErrorCode.IllegalOperation,
        );
      }
    },
    abort: (message) => finish('aborted', message),
    finished,
    ackedBlocks: () => base - 1,
  };
}
