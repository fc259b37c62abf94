import { createHash, randomInt } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { silentLogger, type Clock, type Logger } from '../../core/index.js';
import type { BmcLink } from './bmc-link.js';
import { BmcSessionPool } from './bmc-session-pool.js';
import { NATIVE_CIPHER_SUITES } from './cipher-suites.js';
import { DatagramSocket } from './datagram-socket.js';
import { IpmiError } from './ipmi-error.js';
import type { IpmiRequest, IpmiResponse } from './ipmi-message.js';
import type { SessionCredentials } from './session-login.js';

/** One BMC and how to log in to it; built from driver_info by parseIpmiDriverInfo. */
export interface BmcTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  /** 1 callback … 4 administrator. */
  privilege: number;
  /** A fixed cipher suite; undefined tries 17, then 3. */
  cipherSuite?: number | undefined;
  /** The BMC key for two-key logins. */
  kg?: Buffer | undefined;
  /** ipmi_protocol_version; the native client speaks 2.0 only, ipmitool uses `-I lan` for 1.5. */
  protocolVersion?: '1.5' | '2.0' | undefined;
}

/** Anything that can send an IPMI command to a BMC: the native client, or ipmitool in a subprocess. */
export interface IpmiCommandRunner {
  /** The BMC's answer, whatever its completion code; throws IpmiError when there is none. */
  execute(target: BmcTarget, request: IpmiRequest, signal: AbortSignal): Promise<IpmiResponse>;
}

/** Timing and limits of the native client; every field has a default. */
export interface IpmiClientOptions {
  clock: Clock;
  log?: Logger | undefined;
  /** Wait per transmission before retransmitting (default 1000 ms). */
  requestTimeoutMs?: number | undefined;
  /** Transmissions per request, the first included (default 4). */
  attempts?: number | undefined;
  /** Sessions at once per BMC (default 1; BMCs allow few and share them with other tools). */
  maxSessionsPerBmc?: number | undefined;
  /** Close a session unused this long (default 60 s). */
  sessionIdleTimeoutMs?: number | undefined;
  /** Keepalive period of idle sessions (default 15 s, below the usual 30-60 s BMC session timeout); 0 = off. */
  keepaliveIntervalMs?: number | undefined;
  /** Local address of the UDP sockets (default all interfaces). */
  bindAddress?: string | undefined;
  /** SO_RCVBUF for large sweeps. */
  receiveBufferBytes?: number | undefined;
}

/**
 * The native IPMI 2.0 client: one UDP socket per address family, a session pool per BMC, sessions reused
 * across calls. Create one per process and close it on shutdown.
 */
export class IpmiClient implements IpmiCommandRunner {
  private readonly sockets = new Map<'udp4' | 'udp6', DatagramSocket>();
  private readonly pools = new Map<string, Promise<BmcSessionPool>>();
  private nextSessionId = randomInt(1, 0x7fff_ffff);
  private closed = false;
  private readonly log: Logger;

  constructor(private readonly options: IpmiClientOptions) {
    this.log = options.log ?? silentLogger;
  }

  async execute(target: BmcTarget, request: IpmiRequest, signal: AbortSignal): Promise<IpmiResponse> {
    if (this.closed) throw new IpmiError('session', 'IPMI client is closed');
    const pool = await this.poolFor(target, signal);
    return pool.execute(request, credentialsOf(target), fingerprintOf(target), signal);
  }

  /** Closes every session (Close Session to each BMC) and the sockets. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = await Promise.all([...this.pools.values()].map((pool) => pool.catch(() => undefined)));
    this.pools.clear();
    await Promise.all(
      pools.map(async (pool) => {
        await pool?.close();
      }),
    );
    await Promise.all([...this.sockets.values()].map((socket) => socket.close()));
    this.sockets.clear();
  }

  private poolFor(target: BmcTarget, signal: AbortSignal): Promise<BmcSessionPool> {
    const key = `${target.host}|${target.port}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = this.createPool(target, signal);
      this.pools.set(key, pool);
      pool.catch(() => this.pools.delete(key)); // a failed lookup is retried on the next call
    }
    return pool;
  }

  private async createPool(target: BmcTarget, signal: AbortSignal): Promise<BmcSessionPool> {
    const { clock } = this.options;
    const label = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
    const timeoutMs = this.options.requestTimeoutMs ?? 1_000;
    const attempts = this.options.attempts ?? 4;
    const address = await resolve(target.host, label, timeoutMs * attempts, clock, signal);
    const family = isIP(address) === 6 ? 'udp6' : 'udp4';
    const link: BmcLink = {
      socket: this.socket(family),
      address,
      port: target.port,
      label,
      clock,
      timeoutMs,
      attempts,
    };
    return new BmcSessionPool(link, {
      clock,
      log: this.log,
      maxSessions: this.options.maxSessionsPerBmc ?? 1,
      idleTimeoutMs: this.options.sessionIdleTimeoutMs ?? 60_000,
      keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 15_000,
      newConsoleSessionId: () => {
        this.nextSessionId = (this.nextSessionId % 0x7fff_ffff) + 1; // never 0: SIDm 0 is invalid (§13.17)
        return this.nextSessionId;
      },
    });
  }

  private socket(family: 'udp4' | 'udp6'): DatagramSocket {
    let socket = this.sockets.get(family);
    if (!socket) {
      const bindAddress =
        this.options.bindAddress !== undefined && (isIP(this.options.bindAddress) === 6) === (family === 'udp6')
          ? this.options.bindAddress
          : undefined;
      socket = new DatagramSocket({
        type: family,
        bindAddress,
        receiveBufferBytes: this.options.receiveBufferBytes,
        onError: (error) => this.log.warn({ err: error.message }, 'IPMI socket error'),
      });
      this.sockets.set(family, socket);
    }
    return socket;
  }
}

/** The IP address of `host`, within the time a whole exchange would take. */
async function resolve(
  host: string,
  label: string,
  timeoutMs: number,
  clock: Clock,
  signal: AbortSignal,
): Promise<string> {
  if (isIP(host) !== 0) return host;
  const stop = new AbortController();
  const deadline = clock.sleep(timeoutMs, AbortSignal.any([signal, stop.signal])).then(() => {
    throw new IpmiError('timeout', `BMC at ${label}: resolving the host name took longer than ${timeoutMs} ms`);
  });
  try {
    return await Promise.race([lookup(host).then((result) => result.address), deadline]);
  } catch (error) {
    if (error instanceof IpmiError) throw error;
    signal.throwIfAborted();
    throw new IpmiError('session', `BMC at ${label}: cannot resolve the host name in ipmi_address`, { cause: error });
  } finally {
    stop.abort();
    await deadline.catch(() => undefined);
  }
}

function credentialsOf(target: BmcTarget): SessionCredentials {
  const suites =
    target.cipherSuite === undefined ? NATIVE_CIPHER_SUITES.map((suite) => suite.id) : [target.cipherSuite];
  return {
    username: target.username,
    password: target.password,
    privilege: target.privilege,
    kg: target.kg,
    cipherSuites: suites,
  };
}

/** Tells credential sets apart without keeping or logging the secrets themselves. */
function fingerprintOf(target: BmcTarget): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        target.username,
        target.password,
        target.privilege,
        target.cipherSuite ?? null,
        target.kg?.toString('hex') ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}
