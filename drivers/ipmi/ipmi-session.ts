import { exchange, type BmcLink } from './bmc-link.js';
import { describeCompletionCode } from './completion-codes.js';
import { IpmiError, malformed } from './ipmi-error.js';
import { NetFn, encodeIpmiRequest, parseIpmiResponse, type IpmiRequest, type IpmiResponse } from './ipmi-message.js';
import { privilegeName } from './privilege-level.js';
import { loginRmcpPlus, type EstablishedSession, type SessionCredentials } from './session-login.js';
import { PayloadType, encodeV20Packet, parseSessionPacket, peekSessionId } from './session-packet.js';

/** Where a session is in its life: only `active` sessions carry commands. */
export type SessionState = 'new' | 'active' | 'broken' | 'closed';

const SET_SESSION_PRIVILEGE = 0x3b;
const CLOSE_SESSION = 0x3c;

/**
 * One RMCP+ session with one BMC: login, then authenticated and encrypted commands, one at a time (many
 * BMCs mishandle several outstanding requests per session), each with its own session sequence number.
 */
export class IpmiSession {
  private established: EstablishedSession | undefined;
  private outboundSequence = 0;
  private requestSequence = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private currentState: SessionState = 'new';

  constructor(
    private readonly link: BmcLink,
    /** SIDm: our session ID, unique per client so replies find their session. */
    readonly consoleSessionId: number,
    private readonly credentials: SessionCredentials,
  ) {}

  /** Where the session is in its life. */
  get state(): SessionState {
    return this.currentState;
  }

  /** Logs in (RAKP) and raises the privilege level: RMCP+ sessions start at USER (§13.19). */
  async open(signal: AbortSignal): Promise<void> {
    if (this.currentState !== 'new') throw new Error(`cannot open a session that is ${this.currentState}`);
    try {
      this.established = await loginRmcpPlus(this.link, this.consoleSessionId, this.credentials, signal);
      this.outboundSequence = 0;
      this.currentState = 'active';
      const level = this.credentials.privilege;
      if (level > 2) await this.raisePrivilege(level, signal);
    } catch (error) {
      // A refused privilege leaves a logged-in session on the BMC: give its slot back (BMCs have few).
      if (this.currentState === 'active') await this.close(AbortSignal.timeout(1_000));
      this.currentState = 'broken';
      throw error;
    }
  }

  /** Sends one command and returns the BMC's answer, whatever its completion code. */
  command(request: IpmiRequest, signal: AbortSignal): Promise<IpmiResponse> {
    const run = this.tail.then(() => this.exchangeCommand(request, signal));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Forgets the session without telling the BMC (it stopped answering, or answered nonsense). */
  markBroken(): void {
    if (this.currentState === 'active' || this.currentState === 'new') this.currentState = 'broken';
  }

  /** Close Session (§22.19), one attempt; the BMC times the session out anyway if the datagram is lost. */
  async close(signal: AbortSignal): Promise<void> {
    const established = this.established;
    const wasActive = this.currentState === 'active';
    this.currentState = 'closed';
    if (!wasActive || !established) return;
    const data = Buffer.alloc(4);
    data.writeUInt32LE(established.bmcSessionId >>> 0, 0);
    await this.exchangeCommand({ netFn: NetFn.App, command: CLOSE_SESSION, data }, signal, {
      attempts: 1,
      timeoutMs: Math.min(this.link.timeoutMs, 500),
      force: true,
    }).catch(() => undefined);
  }

  private async raisePrivilege(level: number, signal: AbortSignal): Promise<void> {
    const response = await this.exchangeCommand(
      { netFn: NetFn.App, command: SET_SESSION_PRIVILEGE, data: Buffer.from([level]) },
      signal,
    );
    if (response.completionCode === 0) return;
    throw new IpmiError(
      'credentials',
      `BMC at ${this.link.label} refused privilege level ${privilegeName(level)} for user '${this.credentials.username}': completion code ${describeCompletionCode(response.completionCode, NetFn.App, SET_SESSION_PRIVILEGE)}; check ipmi_priv_level`,
      { completionCode: response.completionCode },
    );
  }

  private async exchangeCommand(
    request: IpmiRequest,
    signal: AbortSignal,
    options: { attempts?: number; timeoutMs?: number; force?: boolean } = {},
  ): Promise<IpmiResponse> {
    const established = this.established;
    if (!established || (this.currentState !== 'active' && options.force !== true)) {
      throw new IpmiError('session', `session with BMC at ${this.link.label} is ${this.currentState}`);
    }
    this.requestSequence = (this.requestSequence % 63) + 1; // 6 bits; 0 left out so stale replies stand out
    const rqSeq = this.requestSequence;
    const message = encodeIpmiRequest(request, rqSeq);
    return exchange(
      this.link,
      {
        what: commandName(request),
        ...(options.attempts === undefined ? {} : { attempts: options.attempts }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        // A retransmission is a new packet with a new session sequence number and the same rqSeq (§6.12.13).
        build: () =>
          encodeV20Packet({
            payloadType: PayloadType.Ipmi,
            sessionId: established.bmcSessionId,
            sequence: this.nextSequence(),
            payload: message,
            keys: established.keys,
          }),
        accept: (datagram) => {
          if (peekSessionId(datagram) !== this.consoleSessionId) return undefined;
          const packet = parseSessionPacket(datagram, established.keys);
          if (packet.version !== '2.0' || packet.payloadType !== PayloadType.Ipmi) return undefined;
          if (!packet.authenticated)
            throw malformed('reply without integrity protection inside an authenticated session');
          const reply = parseIpmiResponse(packet.payload);
          const ours =
            reply.rqSeq === rqSeq && reply.command === request.command && reply.netFn === (request.netFn | 1);
          return ours ? reply : undefined;
        },
      },
      signal,
    );
  }

  private nextSequence(): number {
    this.outboundSequence = (this.outboundSequence + 1) >>> 0 || 1; // 0 is reserved for unauthenticated packets
    return this.outboundSequence;
  }
}

/** Names of the commands we send, for messages. */
const COMMAND_NAMES: ReadonlyMap<string, string> = new Map([
  ['0:1', 'Get Chassis Status'],
  ['0:2', 'Chassis Control'],
  ['0:4', 'Chassis Identify'],
  ['0:8', 'Set System Boot Options'],
  ['0:9', 'Get System Boot Options'],
  ['6:1', 'Get Device ID'],
  ['6:59', 'Set Session Privilege Level'],
  ['6:60', 'Close Session'],
]);

/** `Get Chassis Status`, or `netFn 0x2e command 0x01` for commands we do not name. */
export function commandName(request: Pick<IpmiRequest, 'netFn' | 'command'>): string {
  return (
    COMMAND_NAMES.get(`${request.netFn}:${request.command}`) ??
    `netFn 0x${request.netFn.toString(16)} command 0x${request.command.toString(16).padStart(2, '0')}`
  );
}
