import { RMCP_HEADER_LENGTH, RmcpClass, readRmcpClass } from '../../drivers/ipmi/rmcp-header.js';
import {
  AuthType,
  PayloadType,
  encodeV15Packet,
  encodeV20Packet,
  parseSessionPacket,
} from '../../drivers/ipmi/session-packet.js';
import { executeInSession, executeSessionless } from './bmc-commands.js';
import { answerPresencePing, encodeLanResponse, parseLanRequest } from './lan-message.js';
import { answerRakp1, answerRakp3, openSession, type HandshakePolicy } from './rmcp-handshake.js';
import type { SimulatedBmc } from './simulated-bmc.js';

/** What answering one datagram did, for the responder's counters. */
export type AnswerKind = 'ping' | 'sessionless' | 'handshake' | 'login' | 'command' | 'dropped';

/**
 * The simulated BMC's answer to one datagram, or undefined for what a BMC drops in silence: garbage, failed
 * integrity checks, unknown sessions, IPMI 1.5 sessions. Malformed input never throws out of here.
 */
export function answerDatagram(
  bmc: SimulatedBmc,
  datagram: Buffer,
  policy: HandshakePolicy,
): { reply: Buffer | undefined; kind: AnswerKind } {
  try {
    const rmcpClass = readRmcpClass(datagram);
    if (rmcpClass === RmcpClass.Asf) return outcome(answerPresencePing(datagram), 'ping');
    if (rmcpClass !== RmcpClass.Ipmi) return outcome(undefined, 'dropped');
    const authType = datagram[RMCP_HEADER_LENGTH];
    if (authType === AuthType.None) return outcome(answerSessionless(datagram), 'sessionless');
    if (authType !== AuthType.RmcpPlus || datagram.length < RMCP_HEADER_LENGTH + 12)
      return outcome(undefined, 'dropped');
    const sessionId = datagram.readUInt32LE(RMCP_HEADER_LENGTH + 2);
    return sessionId === 0 ? answerHandshake(bmc, datagram, policy) : answerInSession(bmc, datagram, sessionId, policy);
  } catch {
    return outcome(undefined, 'dropped'); // a real BMC ignores what it cannot parse
  }
}

function outcome(reply: Buffer | undefined, kind: AnswerKind): { reply: Buffer | undefined; kind: AnswerKind } {
  return { reply, kind: reply ? kind : 'dropped' };
}

/** IPMI 1.5 packets with auth type none and session 0: the pre-session commands only. */
function answerSessionless(datagram: Buffer): Buffer | undefined {
  const packet = parseSessionPacket(datagram);
  if (packet.version !== '1.5' || packet.sessionId !== 0) return undefined;
  const request = parseLanRequest(packet.payload);
  if (!request) return undefined;
  const [code, data] = executeSessionless(request);
  return encodeV15Packet(encodeLanResponse(request, code, data));
}

function answerHandshake(bmc: SimulatedBmc, datagram: Buffer, policy: HandshakePolicy) {
  const packet = parseSessionPacket(datagram);
  if (packet.version !== '2.0') return outcome(undefined, 'dropped');
  switch (packet.payloadType) {
    case PayloadType.OpenSessionRequest:
      return outcome(openSession(bmc, packet.payload, policy), 'handshake');
    case PayloadType.Rakp1:
      return outcome(answerRakp1(bmc, packet.payload, policy), 'handshake');
    case PayloadType.Ipmi: {
      // ipmitool asks Get Channel Cipher Suites in an RMCP+ packet outside any session (session ID 0).
      const request = parseLanRequest(packet.payload);
      if (!request) return outcome(undefined, 'dropped');
      const [code, data] = executeSessionless(request);
      const payload = encodeLanResponse(request, code, data);
      return outcome(
        encodeV20Packet({ payloadType: PayloadType.Ipmi, sessionId: 0, sequence: 0, payload }),
        'sessionless',
      );
    }
    case PayloadType.Rakp3: {
      const reply = answerRakp3(bmc, packet.payload, policy);
      const status = reply?.[RMCP_HEADER_LENGTH + 12 + 1];
      return outcome(reply, status === 0 ? 'login' : 'handshake');
    }
    default:
      return outcome(undefined, 'dropped');
  }
}

/** An authenticated, encrypted command in an active session: checked, run, answered under the same keys. */
function answerInSession(bmc: SimulatedBmc, datagram: Buffer, sessionId: number, policy: HandshakePolicy) {
  const session = bmc.sessions.get(sessionId);
  if (!session?.keys) return outcome(undefined, 'dropped');
  const packet = parseSessionPacket(datagram, session.keys);
  if (packet.version !== '2.0' || packet.payloadType !== PayloadType.Ipmi || !packet.authenticated)
    return outcome(undefined, 'dropped');
  const request = parseLanRequest(packet.payload);
  if (!request) return outcome(undefined, 'dropped');
  session.lastActiveMs = policy.now();
  const [code, data] = executeInSession(bmc, request, session);
  session.sequence = (session.sequence + 1) >>> 0 || 1;
  const reply = encodeV20Packet({
    payloadType: PayloadType.Ipmi,
    sessionId: session.consoleSessionId,
    sequence: session.sequence,
    payload: encodeLanResponse(request, code, data),
    keys: session.keys,
  });
  return outcome(reply, 'command');
}
