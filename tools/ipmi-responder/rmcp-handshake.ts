import { randomBytes, timingSafeEqual } from 'node:crypto';
import { NATIVE_CIPHER_SUITES, type CipherSuite } from '../../drivers/ipmi/cipher-suites.js';
import { RmcpPlusStatus } from '../../drivers/ipmi/completion-codes.js';
import {
  deriveSessionKeys,
  rakp2Code,
  rakp3Code,
  rakp4Code,
  sessionIntegrityKey,
} from '../../drivers/ipmi/rakp-crypto.js';
import { PayloadType, encodeV20Packet } from '../../drivers/ipmi/session-packet.js';
import type { SimulatedBmc } from './simulated-bmc.js';

/** The one account every simulated BMC has, and how sessions are limited. */
export interface HandshakePolicy {
  username: string;
  password: string;
  /** Sessions (half-open included) one BMC holds at once; more get "insufficient resources" (0x01). */
  maxSessions: number;
  /** A session silent this long is forgotten (IPMI 2.0 §6.12.15: BMCs time out idle sessions). */
  sessionTimeoutMs: number;
  now: () => number;
}

const USER_LEVEL = 2;
const ADMINISTRATOR_LEVEL = 4;

/** Open Session Request (§13.17) → Open Session Response (§13.18) with a new SIDc, or an error status. */
export function openSession(bmc: SimulatedBmc, payload: Buffer, policy: HandshakePolicy): Buffer | undefined {
  if (payload.length < 32) return undefined;
  const tag = payload[0] ?? 0;
  const requested = (payload[1] ?? 0) & 0x0f;
  const consoleSessionId = payload.readUInt32LE(4);
  const proposal = {
    auth: (payload[12] ?? 0) & 0x3f,
    integrity: (payload[20] ?? 0) & 0x3f,
    conf: (payload[28] ?? 0) & 0x3f,
  };
  const suite = NATIVE_CIPHER_SUITES.find(
    (s) =>
      s.authenticationAlgorithm === proposal.auth &&
      s.integrityAlgorithm === proposal.integrity &&
      s.confidentialityAlgorithm === proposal.conf,
  );
  const refuse = (status: number): Buffer => handshake(PayloadType.OpenSessionResponse, Buffer.from([tag, status]));
  if (!suite) return refuse(suiteRefusal(proposal));
  if (consoleSessionId === 0) return refuse(RmcpPlusStatus.InvalidSessionId);
  if (requested > ADMINISTRATOR_LEVEL) return refuse(RmcpPlusStatus.InvalidRole);
  forgetIdleSessions(bmc, policy);
  if (bmc.sessions.size >= policy.maxSessions) return refuse(RmcpPlusStatus.InsufficientResources);
  const bmcSessionId = newSessionId(bmc);
  const maxPrivilege = requested === 0 ? ADMINISTRATOR_LEVEL : requested;
  bmc.sessions.set(bmcSessionId, {
    consoleSessionId,
    suite,
    maxPrivilege,
    privilege: 0,
    stage: 'opened',
    context: {
      consoleSessionId,
      bmcSessionId,
      consoleRandom: Buffer.alloc(16),
      bmcRandom: randomBytes(16),
      bmcGuid: bmc.guid,
      role: 0,
      username: Buffer.alloc(0),
    },
    keys: undefined,
    sequence: 0,
    lastActiveMs: policy.now(),
  });
  const body = Buffer.alloc(36);
  body[0] = tag;
  body[2] = maxPrivilege;
  body.writeUInt32LE(consoleSessionId, 4);
  body.writeUInt32LE(bmcSessionId, 8);
  algorithmPayload(0x00, suite.authenticationAlgorithm).copy(body, 12);
  algorithmPayload(0x01, suite.integrityAlgorithm).copy(body, 20);
  algorithmPayload(0x02, suite.confidentialityAlgorithm).copy(body, 28);
  return handshake(PayloadType.OpenSessionResponse, body);
}

/** RAKP 1 (§13.20) → RAKP 2 (§13.21): the BMC's random number, its GUID and its proof of the password. */
export function answerRakp1(bmc: SimulatedBmc, payload: Buffer, policy: HandshakePolicy): Buffer | undefined {
  if (payload.length < 28) return undefined;
  const tag = payload[0] ?? 0;
  const bmcSessionId = payload.readUInt32LE(4);
  const session = bmc.sessions.get(bmcSessionId);
  // A retransmitted RAKP 1 (its RAKP 2 was lost) is answered again.
  if (!session || session.stage === 'active')
    return rakpError(PayloadType.Rakp2, tag, 0, RmcpPlusStatus.InvalidSessionId);
  const role = payload[24] ?? 0;
  const username = Buffer.from(payload.subarray(28, 28 + (payload[27] ?? 0)));
  const refuse = (status: number): Buffer => {
    bmc.sessions.delete(bmcSessionId); // a failed RAKP frees the session slot
    return rakpError(PayloadType.Rakp2, tag, session.consoleSessionId, status);
  };
  if ((payload[27] ?? 0) > 16 || username.length !== payload[27]) return refuse(RmcpPlusStatus.InvalidNameLength);
  if ((role & 0x0f) > session.maxPrivilege) return refuse(RmcpPlusStatus.UnauthorizedRole);
  if (!username.equals(Buffer.from(policy.username))) return refuse(RmcpPlusStatus.UnauthorizedName);
  session.context = { ...session.context, consoleRandom: Buffer.from(payload.subarray(8, 24)), role, username };
  session.stage = 'authenticating';
  session.lastActiveMs = policy.now();
  const code = rakp2Code(session.suite, Buffer.from(policy.password), session.context);
  const head = replyHead(tag, 0, session.consoleSessionId);
  return handshake(PayloadType.Rakp2, Buffer.concat([head, session.context.bmcRandom, bmc.guid, code]));
}

/** RAKP 3 (§13.22) → RAKP 4 (§13.23): checks the console's proof, derives the session keys, opens at USER. */
export function answerRakp3(bmc: SimulatedBmc, payload: Buffer, policy: HandshakePolicy): Buffer | undefined {
  if (payload.length < 8) return undefined;
  const tag = payload[0] ?? 0;
  const bmcSessionId = payload.readUInt32LE(4);
  const session = bmc.sessions.get(bmcSessionId);
  // 'active' too: a retransmitted RAKP 3 (its RAKP 4 was lost) with the right proof is answered again.
  if (!session || session.stage === 'opened')
    return rakpError(PayloadType.Rakp4, tag, 0, RmcpPlusStatus.InvalidSessionId);
  if ((payload[1] ?? 0) !== 0) {
    bmc.sessions.delete(bmcSessionId); // the console gave up (Table 13-13)
    return undefined;
  }
  const password = Buffer.from(policy.password);
  const expected = rakp3Code(session.suite, password, session.context);
  const received = payload.subarray(8);
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    bmc.sessions.delete(bmcSessionId);
    return rakpError(PayloadType.Rakp4, tag, session.consoleSessionId, RmcpPlusStatus.InvalidIntegrityCheckValue);
  }
  const sik = sessionIntegrityKey(session.suite, password, session.context);
  if (session.stage !== 'active') session.privilege = Math.min(USER_LEVEL, session.context.role & 0x0f || USER_LEVEL);
  session.keys = deriveSessionKeys(session.suite, sik);
  session.stage = 'active';
  session.lastActiveMs = policy.now();
  const icv = rakp4Code(session.suite, sik, session.context);
  return handshake(PayloadType.Rakp4, Buffer.concat([replyHead(tag, 0, session.consoleSessionId), icv]));
}

/** Forgets sessions idle longer than the timeout; a BMC with 10,000 consoles gone must not keep them. */
export function forgetIdleSessions(bmc: SimulatedBmc, policy: HandshakePolicy): void {
  const oldest = policy.now() - policy.sessionTimeoutMs;
  for (const [id, session] of bmc.sessions) if (session.lastActiveMs < oldest) bmc.sessions.delete(id);
}

/** Which algorithm of an unmatched proposal to blame (Table 13-15). */
function suiteRefusal(proposal: { auth: number; integrity: number }): number {
  const suites: readonly CipherSuite[] = NATIVE_CIPHER_SUITES;
  if (!suites.some((s) => s.authenticationAlgorithm === proposal.auth))
    return RmcpPlusStatus.InvalidAuthenticationAlgorithm;
  if (!suites.some((s) => s.integrityAlgorithm === proposal.integrity)) return RmcpPlusStatus.InvalidIntegrityAlgorithm;
  return RmcpPlusStatus.NoCipherSuiteMatch;
}

/** A random SIDc not in use on this BMC; a handful of tries suffices among 2^32 IDs and a few sessions. */
function newSessionId(bmc: SimulatedBmc): number {
  for (let attempt = 0; attempt < 64; attempt += 1) {
    const id = randomBytes(4).readUInt32LE(0);
    if (id !== 0 && !bmc.sessions.has(id)) return id;
  }
  throw new Error(`no free session ID on simulated BMC ${bmc.index}`);
}

function algorithmPayload(type: number, algorithm: number): Buffer {
  return Buffer.from([type, 0, 0, 8, algorithm, 0, 0, 0]);
}

function replyHead(tag: number, status: number, consoleSessionId: number): Buffer {
  const head = Buffer.alloc(8);
  head[0] = tag;
  head[1] = status;
  head.writeUInt32LE(consoleSessionId >>> 0, 4);
  return head;
}

function rakpError(payloadType: number, tag: number, consoleSessionId: number, status: number): Buffer {
  return handshake(payloadType, replyHead(tag, status, consoleSessionId));
}

function handshake(payloadType: number, payload: Buffer): Buffer {
  return encodeV20Packet({ payloadType, sessionId: 0, sequence: 0, payload });
}
