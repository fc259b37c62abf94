import type { Clock } from '../../core/index.js';
import type { DatagramSocket } from './datagram-socket.js';
import { IpmiError, isIpmiError } from './ipmi-error.js';

/** How to reach one BMC, and how patiently. */
export interface BmcLink {
  socket: DatagramSocket;
  /** The resolved IP address datagrams go to and come from. */
  address: string;
  port: number;
  /** `host:port` as the operator wrote it, for messages. */
  label: string;
  clock: Clock;
  /** How long to wait for an answer before retransmitting. */
  timeoutMs: number;
  /** Transmissions per exchange, the first included. */
  attempts: number;
}

/** One request/response exchange: what to send on each attempt and how to recognise the answer. */
export interface ExchangeSpec<T> {
  /** The command or message name, for error messages. */
  what: string;
  /** The datagram for attempt 1, 2 …; RMCP+ sessions use a new sequence number on each. */
  build: (attempt: number) => Buffer;
  /**
   * The answer, or undefined for datagrams that belong to someone else. Throws a malformed IpmiError for
   * garbage (remembered, the wait goes on) or any other error to end the exchange with it.
   */
  accept: (datagram: Buffer) => T | undefined;
  attempts?: number;
  timeoutMs?: number;
}

type Outcome<T> = { value: T } | { error: unknown };

/**
 * Sends, waits, retransmits: UDP may lose either datagram (IPMI 2.0 §6.12.14 leaves retries to the console).
 * Every wait goes through the clock and ends on abort; after the last attempt it throws a timeout IpmiError,
 * or a malformed one when the BMC answered only with bytes we could not accept.
 */
export async function exchange<T>(link: BmcLink, spec: ExchangeSpec<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  const attempts = Math.max(1, spec.attempts ?? link.attempts);
  const timeoutMs = spec.timeoutMs ?? link.timeoutMs;
  // Written by the listener, read by the loop: a holder object, so the compiler does not narrow it away.
  const state: { outcome?: Outcome<T>; lastMalformed?: IpmiError; wake?: () => void } = {};
  const unsubscribe = link.socket.subscribe(link.address, link.port, (datagram) => {
    if (state.outcome) return;
    try {
      const value = spec.accept(datagram);
      if (value === undefined) return;
      state.outcome = { value };
    } catch (error) {
      if (!isIpmiError(error, 'malformed')) state.outcome = { error };
      else state.lastMalformed = error;
    }
    if (state.outcome) state.wake?.();
  });
  const answered = (): boolean => state.outcome !== undefined; // the listener may set it during any await
  try {
    for (let attempt = 1; attempt <= attempts && !answered(); attempt += 1) {
      await link.socket.send(spec.build(attempt), link.address, link.port);
      if (!answered()) await waitForAnswer(link.clock, timeoutMs, signal, (stop) => (state.wake = stop));
      signal.throwIfAborted();
    }
  } finally {
    unsubscribe();
  }
  const { outcome } = state;
  if (outcome && 'value' in outcome) return outcome.value;
  if (outcome) throw outcome.error;
  throw noAnswer(link, spec.what, timeoutMs, attempts, state.lastMalformed);
}

async function waitForAnswer(
  clock: Clock,
  timeoutMs: number,
  signal: AbortSignal,
  onWake: (stop: () => void) => void,
): Promise<void> {
  const answered = new AbortController();
  onWake(() => answered.abort());
  await clock.sleep(timeoutMs, AbortSignal.any([signal, answered.signal])).catch(() => undefined);
}

function noAnswer(
  link: BmcLink,
  what: string,
  timeoutMs: number,
  attempts: number,
  lastMalformed: IpmiError | undefined,
): IpmiError {
  if (lastMalformed) {
    return new IpmiError(
      'malformed',
      `malformed reply from BMC at ${link.label} to ${what}: ${lastMalformed.message}`,
      { cause: lastMalformed },
    );
  }
  return new IpmiError(
    'timeout',
    `BMC at ${link.label} did not answer within ${timeoutMs * attempts} ms after ${attempts} attempts (${what})`,
  );
}
