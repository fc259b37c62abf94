import type { Clock, Logger } from '../../core/index.js';
import type { BmcLink } from './bmc-link.js';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from './concurrency-limiter.js';
import { IpmiError, isIpmiError } from './ipmi-error.js';
import { NetFn, type IpmiRequest, type IpmiResponse } from './ipmi-message.js';
import { IpmiSession } from './ipmi-session.js';
import type { SessionCredentials } from './session-login.js';

/** How a pool keeps sessions with one BMC. */
export interface SessionPoolOptions {
  clock: Clock;
  log: Logger;
  /** Sessions open at once with this BMC (BMCs allow few: often 4 to 16 for all users together). */
  maxSessions: number;
  /** An unused session is closed after this long. */
  idleTimeoutMs: number;
  /** An unused session gets a Get Device ID this often so the BMC keeps it; 0 turns keepalives off. */
  keepaliveIntervalMs: number;
  /** A fresh SIDm, unique within the client. */
  newConsoleSessionId: () => number;
}

interface IdleSession {
  session: IpmiSession;
  fingerprint: string;
  taken: boolean;
  stop: AbortController;
  loop: Promise<void>;
}

const GET_DEVICE_ID: IpmiRequest = { netFn: NetFn.App, command: 0x01, data: new Uint8Array(0) };

/**
 * The sessions with one BMC: at most `maxSessions`, commands serialized per session, sessions reused until
 * idle too long, and a new login when a reused session stops answering (the BMC dropped it).
 */
export class BmcSessionPool {
  private readonly limiter: ConcurrencyLimiter;
  private readonly idle: IdleSession[] = [];
  private closing = false;

  constructor(
    private readonly link: BmcLink,
    private readonly options: SessionPoolOptions,
  ) {
    this.limiter = createConcurrencyLimiter(options.maxSessions);
  }

  /** Sessions idle now (tests, metrics). */
  get idleCount(): number {
    return this.idle.length;
  }

  /** Runs one command in a session logged in with `credentials` (`fingerprint` identifies them without secrets). */
  execute(
    request: IpmiRequest,
    credentials: SessionCredentials,
    fingerprint: string,
    signal: AbortSignal,
  ): Promise<IpmiResponse> {
    return this.limiter.run(async () => {
      if (this.closing)
        throw new IpmiError('session', `IPMI client is closed; no new command to BMC at ${this.link.label}`);
      const reused = await this.takeIdle(fingerprint);
      const session = reused ?? (await this.login(credentials, signal));
      try {
        const response = await session.command(request, signal);
        this.release(session, fingerprint);
        return response;
      } catch (error) {
        if (!reused || !isIpmiError(error, 'timeout')) throw this.discardOnProtocolError(session, fingerprint, error);
        // The BMC may have dropped a session we kept (reboot, its own idle timeout): log in again, once.
        session.markBroken();
        this.options.log.warn({ bmc: this.link.label }, 'IPMI session stopped answering; logging in again');
        const fresh = await this.login(credentials, signal);
        const response = await fresh.command(request, signal).catch((retryError: unknown) => {
          throw this.discardOnProtocolError(fresh, fingerprint, retryError);
        });
        this.release(fresh, fingerprint);
        return response;
      }
    }, signal);
  }

  /** Closes every idle session and refuses new commands. */
  async close(): Promise<void> {
    this.closing = true;
    const entries = this.idle.splice(0);
    for (const entry of entries) entry.stop.abort();
    await Promise.all(
      entries.map(async (entry) => {
        await entry.loop;
        await entry.session.close(AbortSignal.timeout(1_000));
      }),
    );
  }

  private async login(credentials: SessionCredentials, signal: AbortSignal): Promise<IpmiSession> {
    const session = new IpmiSession(this.link, this.options.newConsoleSessionId(), credentials);
    await session.open(signal);
    return session;
  }

  /** Timeouts and garbage leave the session in doubt: drop it. Command errors and aborts keep it. */
  private discardOnProtocolError(session: IpmiSession, fingerprint: string, error: unknown): unknown {
    if (isIpmiError(error, 'timeout') || isIpmiError(error, 'malformed')) session.markBroken();
    else this.release(session, fingerprint);
    return error;
  }

  private async takeIdle(fingerprint: string): Promise<IpmiSession | undefined> {
    for (let entry = this.idle.pop(); entry; entry = this.idle.pop()) {
      entry.taken = true;
      entry.stop.abort();
      if (entry.fingerprint === fingerprint && entry.session.state === 'active') return entry.session;
      await entry.session.close(AbortSignal.timeout(1_000)); // credentials changed: that login is of no use
    }
    return undefined;
  }

  private release(session: IpmiSession, fingerprint: string): void {
    if (session.state !== 'active') return;
    const entry: IdleSession = {
      session,
      fingerprint,
      taken: false,
      stop: new AbortController(),
      loop: Promise.resolve(),
    };
    if (this.closing) {
      void session.close(AbortSignal.timeout(1_000));
      return;
    }
    entry.loop = this.idleLoop(entry);
    this.idle.push(entry);
  }

  /** Keeps an idle session alive with keepalives until the idle timeout, then closes it. Bounded by the timeout. */
  private async idleLoop(entry: IdleSession): Promise<void> {
    const { clock, idleTimeoutMs, keepaliveIntervalMs } = this.options;
    const deadline = clock.now() + idleTimeoutMs;
    const maxRounds = keepaliveIntervalMs > 0 ? Math.ceil(idleTimeoutMs / keepaliveIntervalMs) + 1 : 1;
    for (let round = 0; round < maxRounds; round += 1) {
      const waitMs = Math.min(keepaliveIntervalMs > 0 ? keepaliveIntervalMs : Infinity, deadline - clock.now());
      if (waitMs <= 0) break;
      const slept = await clock.sleep(waitMs, entry.stop.signal).then(
        () => true,
        () => false,
      );
      if (!slept || isTaken(entry)) return;
      if (clock.now() >= deadline) break;
      const alive = await entry.session.command(GET_DEVICE_ID, entry.stop.signal).then(
        () => true,
        () => false,
      );
      if (isTaken(entry)) return;
      if (!alive) {
        entry.session.markBroken();
        break;
      }
    }
    const index = this.idle.indexOf(entry);
    if (index >= 0) this.idle.splice(index, 1);
    await entry.session.close(AbortSignal.timeout(1_000));
  }
}

/** Read through a function: `taken` changes while the idle loop awaits, which the compiler cannot see. */
function isTaken(entry: IdleSession): boolean {
  return entry.taken;
}
