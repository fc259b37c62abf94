import { createSocket, type Socket } from 'node:dgram';
import { answerDatagram, type AnswerKind } from './answer-datagram.js';
import type { HandshakePolicy } from './rmcp-handshake.js';
import { createSimulatedBmc, type SimulatedBmc } from './simulated-bmc.js';

/** How many BMCs to simulate, where, and with which account. */
export interface IpmiResponderOptions {
  bmcs: number;
  /** Address every BMC listens on (default 127.0.0.1). */
  host?: string;
  /** BMC i answers on basePort + i; 0 lets the kernel pick each port (tests: no collisions, not consecutive). */
  basePort: number;
  username?: string;
  password?: string;
  /** Sessions one BMC holds at once (default 32; real BMCs allow 4 to 16). */
  maxSessionsPerBmc?: number;
  /** Idle sessions are forgotten after this long (default 60 s). */
  sessionTimeoutMs?: number;
  /** Clock for session timeouts (default Date.now). */
  now?: () => number;
}

/** Datagram counters since start. */
export interface ResponderStats {
  bmcs: number;
  received: number;
  /** Dropped because the BMC was made silent. */
  silenced: number;
  /** Answers by kind, plus what was dropped as unparseable or unknown. */
  answered: Record<AnswerKind, number>;
  openSessions: number;
}

/** A running fleet of simulated BMCs. */
export interface IpmiResponder {
  readonly host: string;
  /** The UDP port of BMC `index`. */
  port(index: number): number;
  /** BMC `index` (0-based): change `powerOn`, `silent`, boot flags at will. */
  bmc(index: number): SimulatedBmc;
  /** The BMC answering on `port`, if any. */
  bmcAtPort(port: number): SimulatedBmc | undefined;
  readonly size: number;
  stats(): ResponderStats;
  /** Closes every socket. */
  stop(): Promise<void>;
}

/** Sockets bound at once while starting: binding is cheap, but 10,000 at once only queues in libuv. */
const BIND_BATCH = 256;

/**
 * Starts `bmcs` simulated IPMI 2.0 BMCs in this process, one UDP socket each (a BMC is known by the port a
 * console sends to, and Node cannot tell a socket's destination address or port otherwise). Each answers
 * RMCP presence pings, the RMCP+ login with cipher suites 3 and 17, and the chassis commands Ironic uses.
 */
export async function startIpmiResponder(options: IpmiResponderOptions): Promise<IpmiResponder> {
  const host = options.host ?? '127.0.0.1';
  const policy: HandshakePolicy = {
    username: options.username ?? 'admin',
    password: options.password ?? 'password',
    maxSessions: options.maxSessionsPerBmc ?? 32,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 60_000,
    now: options.now ?? Date.now,
  };
  const stats: ResponderStats = {
    bmcs: options.bmcs,
    received: 0,
    silenced: 0,
    answered: { ping: 0, sessionless: 0, handshake: 0, login: 0, command: 0, dropped: 0 },
    openSessions: 0,
  };
  const sockets: Socket[] = [];
  const bmcs: SimulatedBmc[] = [];
  const byPort = new Map<number, SimulatedBmc>();
  try {
    for (let start = 0; start < options.bmcs; start += BIND_BATCH) {
      const batch = Array.from({ length: Math.min(BIND_BATCH, options.bmcs - start) }, (_, i) => start + i);
      const settled = await Promise.allSettled(
        batch.map((index) => bindSocket(host, options.basePort === 0 ? 0 : options.basePort + index)),
      );
      const bound = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed) {
        sockets.push(...bound); // closed below with the rest
        throw failed.reason;
      }
      for (const [i, socket] of bound.entries()) {
        const bmc = createSimulatedBmc(start + i, socket.address().port);
        socket.on('message', (datagram, remote) => {
          stats.received += 1;
          if (bmc.silent) {
            stats.silenced += 1;
            return;
          }
          const { reply, kind } = answerDatagram(bmc, datagram, policy);
          stats.answered[kind] += 1;
          if (reply) socket.send(reply, remote.port, remote.address);
        });
        sockets.push(socket);
        bmcs.push(bmc);
        byPort.set(bmc.port, bmc);
      }
    }
  } catch (error) {
    await closeAll(sockets);
    throw error;
  }
  return {
    host,
    size: bmcs.length,
    port: (index) => at(bmcs, index).port,
    bmc: (index) => at(bmcs, index),
    bmcAtPort: (port) => byPort.get(port),
    stats: () => ({
      ...stats,
      answered: { ...stats.answered },
      openSessions: bmcs.reduce((sum, bmc) => sum + bmc.sessions.size, 0),
    }),
    stop: () => closeAll(sockets),
  };
}

function at(bmcs: readonly SimulatedBmc[], index: number): SimulatedBmc {
  const bmc = bmcs[index];
  if (!bmc) throw new RangeError(`no simulated BMC ${index}; the responder has ${bmcs.length}`);
  return bmc;
}

function bindSocket(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(new Error(`cannot bind a simulated BMC to ${host}:${port}: ${error.message}`, { cause: error }));
    });
    socket.bind(port, host, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined); // send errors to vanished consoles are not the BMC's problem
      resolve(socket);
    });
  });
}

async function closeAll(sockets: readonly Socket[]): Promise<void> {
  await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
}
