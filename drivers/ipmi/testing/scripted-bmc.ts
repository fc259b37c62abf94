// A scripted IPMI 2.0 BMC on 127.0.0.1 for session tests: it speaks just enough RMCP+ (cipher suites 3 and
// 17) to log in and answer chassis commands, and can be told to drop, delay or garble its datagrams.
// It reuses the client's codec and crypto; the integration suite checks those against OpenIPMI's ipmi_sim.
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { cipherSuite, type CipherSuite } from '../cipher-suites.js';
import { ipmiChecksum } from '../ipmi-message.js';
import {
  deriveSessionKeys,
  rakp2Code,
  rakp3Code,
  rakp4Code,
  sessionIntegrityKey,
  type RakpContext,
  type SessionKeys,
} from '../rakp-crypto.js';
import { PayloadType, encodeV20Packet, parseSessionPacket } from '../session-packet.js';
import { RmcpClass, rmcpHeader } from '../rmcp-header.js';

/** How the scripted BMC misbehaves; change fields at any time. */
export interface BmcBehaviour {
  /** Answer nothing at all. */
  silent: boolean;
  /** Delay every answer by this many ms. */
  delayMs: number;
  /** Drop this many of the next incoming datagrams (UDP loss). */
  dropIncoming: number;
  /** Answer every datagram with these bytes instead (malformed RMCP+). */
  garbage: Buffer | undefined;
  /** Answer session commands with a corrupted AuthCode (login still works). */
  corruptCommandReplies: boolean;
  /** Cipher suites the BMC accepts. */
  suites: readonly number[];
  /** The host OS ignores the ACPI soft shutdown request. */
  ignoreSoftShutdown: boolean;
  /** Rewrites every answer before it is sent (fuzzing a live session). */
  mutate: ((datagram: Buffer) => Buffer) | undefined;
}

interface BmcSession {
  consoleSessionId: number;
  suite: CipherSuite;
  context: Omit<RakpContext, 'role' | 'username'> & { role: number; username: Buffer };
  keys?: SessionKeys;
  sequence: number;
}

/** A scripted BMC with its state: power, boot flags bytes, counters. */
export class ScriptedBmc {
  readonly behaviour: BmcBehaviour = {
    silent: false,
    delayMs: 0,
    dropIncoming: 0,
    garbage: undefined,
    corruptCommandReplies: false,
    suites: [3, 17],
    mutate: undefined,
    ignoreSoftShutdown: false,
  };
  powerOn = false;
  bootFlags = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x00]);
  logins = 0;
  received = 0;
  commands: string[] = [];
  private readonly sessions = new Map<number, BmcSession>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly socket: Socket,
    private readonly credentials: { username: string; password: string },
  ) {}

  /** Starts a BMC on a free port of 127.0.0.1. */
  static async start(credentials = { username: 'admin', password: 'password' }): Promise<ScriptedBmc> {
    const socket = createSocket('udp4');
    const bmc = new ScriptedBmc(socket, credentials);
    socket.on('message', (datagram, remote) => bmc.receive(datagram, remote));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return bmc;
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Forgets every session, as a BMC does when it reboots or times sessions out. */
  forgetSessions(): void {
    this.sessions.clear();
  }

  /** Sessions open now. */
  get openSessions(): number {
    return [...this.sessions.values()].filter((session) => session.keys).length;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private receive(datagram: Buffer, remote: RemoteInfo): void {
    this.received += 1;
    if (this.behaviour.dropIncoming > 0) {
      this.behaviour.dropIncoming -= 1;
      return;
    }
    if (this.behaviour.silent) return;
    if (this.behaviour.garbage) {
      this.reply(this.behaviour.garbage, remote);
      return;
    }
    try {
      const answer = this.answer(datagram);
      if (answer) this.reply(this.behaviour.mutate ? this.behaviour.mutate(answer) : answer, remote);
    } catch {
      // a real BMC ignores what it cannot parse
    }
  }

  private reply(datagram: Buffer, remote: RemoteInfo): void {
    const send = (): void => this.socket.send(datagram, remote.port, remote.address);
    if (this.behaviour.delayMs <= 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, this.behaviour.delayMs);
    this.timers.add(timer);
  }

  private answer(datagram: Buffer): Buffer | undefined {
    if (datagram[4] === 0x00) return this.answerV15(datagram);
    const sessionId = datagram.readUInt32LE(6);
    const session = [...this.sessions.entries()].find(([id]) => id === sessionId)?.[1];
    const packet = parseSessionPacket(datagram, session?.keys);
    if (packet.version !== '2.0') return undefined;
    switch (packet.payloadType) {
      case PayloadType.OpenSessionRequest:
        return this.openSession(packet.payload);
      case PayloadType.Rakp1:
        return this.rakp1(packet.payload);
      case PayloadType.Rakp3:
        return this.rakp3(packet.payload);
      case PayloadType.Ipmi:
        return session?.keys ? this.command(session, packet.payload) : undefined;
      default:
        return undefined;
    }
  }

  /** Get Channel Authentication Capabilities outside a session: IPMI 2.0 supported. */
  private answerV15(datagram: Buffer): Buffer {
    const message = datagram.subarray(14);
    const response = ipmiResponse(message, 0x00, Buffer.from([0x01, 0x80 | 0x14, 0x04, 0x02, 0, 0, 0, 0]));
    const header = Buffer.alloc(10);
    header[9] = response.length;
    return Buffer.concat([rmcpHeader(RmcpClass.Ipmi), header, response]);
  }

  private openSession(payload: Buffer): Buffer {
    const suiteId = [...this.behaviour.suites].find(
      (id) => cipherSuite(id)?.authenticationAlgorithm === (payload[12] ?? 0),
    );
    const suite = suiteId === undefined ? undefined : cipherSuite(suiteId);
    const consoleSessionId = payload.readUInt32LE(4);
    if (!suite) return handshake(PayloadType.OpenSessionResponse, Buffer.from([payload[0] ?? 0, 0x04]));
    const bmcSessionId = (randomBytes(4).readUInt32LE(0) | 1) >>> 0;
    this.sessions.set(bmcSessionId, {
      consoleSessionId,
      suite,
      sequence: 0,
      context: {
        consoleSessionId,
        bmcSessionId,
        consoleRandom: Buffer.alloc(16),
        bmcRandom: randomBytes(16),
        bmcGuid: randomBytes(16),
        role: 0,
        username: Buffer.alloc(0),
      },
    });
    const body = Buffer.alloc(36);
    body[0] = payload[0] ?? 0;
    body[2] = 4;
    body.writeUInt32LE(consoleSessionId, 4);
    body.writeUInt32LE(bmcSessionId, 8);
    Buffer.from([
      0x00,
      0,
      0,
      8,
      suite.authenticationAlgorithm,
      0,
      0,
      0,
      0x01,
      0,
      0,
      8,
      suite.integrityAlgorithm,
      0,
      0,
      0,
      0x02,
      0,
      0,
      8,
      1,
      0,
      0,
      0,
    ]).copy(body, 12);
    return handshake(PayloadType.OpenSessionResponse, body);
  }

  private rakp1(payload: Buffer): Buffer | undefined {
    const session = this.sessions.get(payload.readUInt32LE(4));
    if (!session) return undefined;
    const username = payload.subarray(28, 28 + (payload[27] ?? 0));
    session.context = {
      ...session.context,
      consoleRandom: Buffer.from(payload.subarray(8, 24)),
      role: payload[24] ?? 0,
      username: Buffer.from(username),
    };
    const head = Buffer.alloc(8);
    head[0] = payload[0] ?? 0;
    head.writeUInt32LE(session.consoleSessionId, 4);
    if (username.toString() !== this.credentials.username) {
      head[1] = 0x0d;
      return handshake(PayloadType.Rakp2, head);
    }
    const code = rakp2Code(session.suite, Buffer.from(this.credentials.password), session.context);
    return handshake(
      PayloadType.Rakp2,
      Buffer.concat([head, session.context.bmcRandom, session.context.bmcGuid, code]),
    );
  }

  private rakp3(payload: Buffer): Buffer | undefined {
    const session = this.sessions.get(payload.readUInt32LE(4));
    if (!session) return undefined;
    const head = Buffer.alloc(8);
    head[0] = payload[0] ?? 0;
    head.writeUInt32LE(session.consoleSessionId, 4);
    const password = Buffer.from(this.credentials.password);
    if ((payload[1] ?? 0) !== 0 || !payload.subarray(8).equals(rakp3Code(session.suite, password, session.context))) {
      head[1] = 0x0f;
      return handshake(PayloadType.Rakp4, head);
    }
    const sik = sessionIntegrityKey(session.suite, password, session.context);
    session.keys = deriveSessionKeys(session.suite, sik);
    this.logins += 1;
    return handshake(PayloadType.Rakp4, Buffer.concat([head, rakp4Code(session.suite, sik, session.context)]));
  }

  private command(session: BmcSession, message: Buffer): Buffer | undefined {
    const netFn = (message[1] ?? 0) >> 2;
    const command = message[5] ?? 0;
    const data = message.subarray(6, message.length - 1);
    this.commands.push(`${netFn}:${command}`);
    const [code, body] = this.execute(netFn, command, data);
    session.sequence += 1;
    const packet = encodeV20Packet({
      payloadType: PayloadType.Ipmi,
      sessionId: session.consoleSessionId,
      sequence: session.sequence,
      payload: ipmiResponse(message, code, body),
      keys: session.keys,
    });
    if (this.behaviour.corruptCommandReplies) packet[packet.length - 1] = (packet[packet.length - 1] ?? 0) ^ 0xff;
    return packet;
  }

  private execute(netFn: number, command: number, data: Buffer): [number, Buffer] {
    if (netFn === 0x06 && command === 0x3b) return [0, Buffer.from([data[0] ?? 0])];
    if (netFn === 0x06 && command === 0x3c) {
      this.sessions.delete(data.readUInt32LE(0));
      return [0, Buffer.alloc(0)];
    }
    if (netFn === 0x06 && command === 0x01)
      return [0, Buffer.from([0x20, 0x01, 0x02, 0x34, 0x02, 0xbf, 0x57, 0x01, 0x00, 0x34, 0x12])];
    if (netFn === 0x00 && command === 0x01) return [0, Buffer.from([this.powerOn ? 1 : 0, 0, 0])];
    if (netFn === 0x00 && command === 0x02) {
      if (data[0] === 5) this.powerOn &&= this.behaviour.ignoreSoftShutdown;
      else if (data[0] === 0) this.powerOn = false;
      else if (data[0] === 1 || data[0] === 2 || data[0] === 3) this.powerOn = true;
      else return [0xcc, Buffer.alloc(0)];
      return [0, Buffer.alloc(0)];
    }
    if (netFn === 0x00 && command === 0x08) {
      if (data[0] === 5) this.bootFlags = Buffer.from(data.subarray(1, 6));
      return [data[0] === 0 || data[0] === 3 || data[0] === 5 ? 0 : 0x80, Buffer.alloc(0)];
    }
    if (netFn === 0x00 && command === 0x09) return [0, Buffer.concat([Buffer.from([0x01, 0x05]), this.bootFlags])];
    return [0xc1, Buffer.alloc(0)];
  }
}

function handshake(payloadType: number, payload: Buffer): Buffer {
  return encodeV20Packet({ payloadType, sessionId: 0, sequence: 0, payload });
}

/** The response to request `message` (rsSA, netFn, chk, rqSA, rqSeq, cmd …), IPMI 2.0 §13.8. */
function ipmiResponse(message: Buffer, code: number, data: Buffer): Buffer {
  const header = Buffer.from([message[3] ?? 0x81, (((message[1] ?? 0) >> 2) | 1) << 2]);
  const body = Buffer.concat([Buffer.from([message[0] ?? 0x20, message[4] ?? 0, message[5] ?? 0, code]), data]);
  return Buffer.concat([header, Buffer.from([ipmiChecksum(header)]), body, Buffer.from([ipmiChecksum(body)])]);
}
