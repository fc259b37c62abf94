import { randomBytes, timingSafeEqual } from 'node:crypto';
import { cipherSuite, type CipherSuite } from './cipher-suites.js';
import { exchange, type BmcLink } from './bmc-link.js';
import { RmcpPlusStatus, describeCompletionCode, describeRmcpPlusStatus } from './completion-codes.js';
import { IpmiError } from './ipmi-error.js';
import { NetFn, encodeIpmiRequest, parseIpmiResponse } from './ipmi-message.js';
import {
  deriveSessionKeys,
  rakp2Code,
  rakp3Code,
  rakp4Code,
  sessionIntegrityKey,
  type RakpContext,
  type SessionKeys,
} from './rakp-crypto.js';
import {
  encodeOpenSessionRequest,
  encodeRakp1,
  encodeRakp3,
  parseOpenSessionResponse,
  parseRakp2,
  parseRakp4,
} from './rakp-messages.js';
import { PayloadType, encodeV15Packet, encodeV20Packet, parseSessionPacket } from './session-packet.js';

/** Who logs in, at which privilege level, with which cipher suites (tried in order). */
export interface SessionCredentials {
  username: string;
  password: string;
  /** 1 callback, 2 user, 3 operator, 4 administrator (IPMI 2.0 §6.8). */
  privilege: number;
  /** The BMC key (KG) for two-key logins; absent means one-key login with the password. */
  kg?: Buffer | undefined;
  cipherSuites: readonly number[];
}

/** A session after RAKP 4: the BMC's session ID and the keys every later packet uses. */
export interface EstablishedSession {
  bmcSessionId: number;
  keys: SessionKeys;
}

/** RAKP 1 ROLEm bit 4: look the user up by name only, not by name and privilege (Table 13-11). */
const NAME_ONLY_LOOKUP = 0x10;
/** Algorithm refusals that make trying the next cipher suite worthwhile. */
const SUITE_REFUSALS: ReadonlySet<number> = new Set([
  RmcpPlusStatus.InvalidAuthenticationAlgorithm,
  RmcpPlusStatus.InvalidIntegrityAlgorithm,
  RmcpPlusStatus.InvalidConfidentialityAlgorithm,
  RmcpPlusStatus.NoCipherSuiteMatch,
]);
/**
 * RAKP 2 and 4 statuses that are about the session, not about who we are. Any other refusal answers our
 * user name, role or proof (OpenIPMI answers an unknown user with 0x12 "illegal parameter", not 0x0d).
 */
const SESSION_REFUSALS: ReadonlySet<number> = new Set([
  RmcpPlusStatus.InsufficientResources,
  RmcpPlusStatus.InvalidSessionId,
  RmcpPlusStatus.InactiveSessionId,
  RmcpPlusStatus.InsufficientResourcesForRole,
]);

/**
 * The RMCP+ login (IPMI 2.0 §13.14-13.21): Get Channel Authentication Capabilities, Open Session, RAKP 1-4.
 * Returns the keys; the caller raises the privilege level over the new session.
 */
export async function loginRmcpPlus(
  link: BmcLink,
  consoleSessionId: number,
  credentials: SessionCredentials,
  signal: AbortSignal,
): Promise<EstablishedSession> {
  await checkChannelSupportsIpmi20(link, credentials.privilege, signal);
  const suites = credentials.cipherSuites.map((id) => cipherSuite(id)).filter((suite) => suite !== undefined);
  if (suites.length === 0)
    throw new IpmiError(
      'unsupported',
      `none of cipher suites ${credentials.cipherSuites.join(', ')} is implemented natively (use 3 or 17)`,
    );
  for (const [index, suite] of suites.entries()) {
    const opened = await openSession(link, consoleSessionId, suite, credentials.privilege, signal);
    if ('refused' in opened) {
      if (index + 1 < suites.length && SUITE_REFUSALS.has(opened.refused)) continue;
      throw new IpmiError(
        'session',
        `BMC at ${link.label} refused to open a session with cipher suite ${suite.id}: RMCP+ status ${describeRmcpPlusStatus(opened.refused)}`,
      );
    }
    return authenticate(link, { consoleSessionId, bmcSessionId: opened.bmcSessionId }, suite, credentials, signal);
  }
  throw new IpmiError(
    'session',
    `BMC at ${link.label} accepted none of cipher suites ${credentials.cipherSuites.join(', ')}`,
  );
}

/** Get Channel Authentication Capabilities (§22.13) with bit 7 set: "tell me about IPMI 2.0". */
async function checkChannelSupportsIpmi20(link: BmcLink, privilege: number, signal: AbortSignal): Promise<void> {
  const rqSeq = 1;
  const request = encodeIpmiRequest({ netFn: NetFn.App, command: 0x38, data: Buffer.from([0x8e, privilege]) }, rqSeq);
  const response = await exchange(
    link,
    {
      what: 'Get Channel Authentication Capabilities',
      build: () => encodeV15Packet(request),
      accept: (datagram) => {
        const packet = parseSessionPacket(datagram);
        if (packet.version !== '1.5' || packet.sessionId !== 0) return undefined;
        const reply = parseIpmiResponse(packet.payload);
        return reply.command === 0x38 && reply.rqSeq === rqSeq ? reply : undefined;
      },
    },
    signal,
  );
  if (response.completionCode !== 0) {
    throw new IpmiError(
      'unsupported',
      `BMC at ${link.label} refused Get Channel Authentication Capabilities for IPMI 2.0: completion code ${describeCompletionCode(response.completionCode)}; it may speak IPMI 1.5 only (use ipmitool-cli with ipmi_protocol_version 1.5)`,
      { completionCode: response.completionCode },
    );
  }
  const extended = ((response.data[1] ?? 0) & 0x80) !== 0;
  if (!extended || ((response.data[3] ?? 0) & 0x02) === 0) {
    throw new IpmiError(
      'unsupported',
      `BMC at ${link.label} does not offer IPMI 2.0 (RMCP+) sessions on this channel; use ipmitool-cli with ipmi_protocol_version 1.5`,
    );
  }
}

async function openSession(
  link: BmcLink,
  consoleSessionId: number,
  suite: CipherSuite,
  privilege: number,
  signal: AbortSignal,
): Promise<{ bmcSessionId: number } | { refused: number }> {
  const tag = randomBytes(1)[0] ?? 0;
  const payload = encodeOpenSessionRequest({ tag, privilege, consoleSessionId, suite });
  const response = await exchange(
    link,
    {
      what: 'RMCP+ Open Session Request',
      build: () => encodeV20Packet({ payloadType: PayloadType.OpenSessionRequest, sessionId: 0, sequence: 0, payload }),
      accept: (datagram) => {
        const packet = parseSessionPacket(datagram);
        if (packet.version !== '2.0' || packet.payloadType !== PayloadType.OpenSessionResponse) return undefined;
        const reply = parseOpenSessionResponse(packet.payload);
        return reply.tag === tag && (reply.consoleSessionId === consoleSessionId || reply.status !== 0)
          ? reply
          : undefined;
      },
    },
    signal,
  );
  if (response.status !== 0) return { refused: response.status };
  const agreed =
    response.authenticationAlgorithm === suite.authenticationAlgorithm &&
    response.integrityAlgorithm === suite.integrityAlgorithm &&
    response.confidentialityAlgorithm === suite.confidentialityAlgorithm;
  if (!agreed) return { refused: RmcpPlusStatus.NoCipherSuiteMatch };
  return { bmcSessionId: response.bmcSessionId };
}

type SessionIds = Pick<RakpContext, 'consoleSessionId' | 'bmcSessionId'>;

/** RAKP 1-4 (§13.20-13.23): both sides prove they know the password, then derive SIK, K1 and K2. */
async function authenticate(
  link: BmcLink,
  ids: SessionIds,
  suite: CipherSuite,
  credentials: SessionCredentials,
  signal: AbortSignal,
): Promise<EstablishedSession> {
  const password = Buffer.from(credentials.password, 'utf8');
  const base = {
    ...ids,
    consoleRandom: randomBytes(16),
    role: NAME_ONLY_LOOKUP | credentials.privilege,
    username: Buffer.from(credentials.username, 'utf8'),
  };
  const rakp2 = await sendRakp1(link, base, suite, signal);
  const context: RakpContext = { ...base, bmcRandom: rakp2.bmcRandom, bmcGuid: rakp2.bmcGuid };
  if (!timingSafeEqual(rakp2.keyExchangeCode, rakp2Code(suite, password, context))) {
    // Tell the BMC we give up so it frees the session (Table 13-13), without proving anything about our password.
    const giveUp = encodeRakp3({
      tag: 0,
      status: RmcpPlusStatus.InvalidIntegrityCheckValue,
      bmcSessionId: ids.bmcSessionId,
      keyExchangeCode: Buffer.alloc(0),
    });
    await link.socket
      .send(
        encodeV20Packet({ payloadType: PayloadType.Rakp3, sessionId: 0, sequence: 0, payload: giveUp }),
        link.address,
        link.port,
      )
      .catch(() => undefined);
    throw credentialsRejected(
      link,
      credentials,
      `its RAKP 2 key exchange code does not match ipmi_password (status ${describeRmcpPlusStatus(RmcpPlusStatus.InvalidIntegrityCheckValue)})`,
    );
  }
  const sik = sessionIntegrityKey(suite, credentials.kg ?? password, context);
  await sendRakp3(link, context, suite, { password, sik }, credentials, signal);
  return { bmcSessionId: ids.bmcSessionId, keys: deriveSessionKeys(suite, sik) };
}

async function sendRakp1(
  link: BmcLink,
  base: Omit<RakpContext, 'bmcRandom' | 'bmcGuid'>,
  suite: CipherSuite,
  signal: AbortSignal,
) {
  const tag = randomBytes(1)[0] ?? 0;
  const payload = encodeRakp1({
    tag,
    bmcSessionId: base.bmcSessionId,
    consoleRandom: base.consoleRandom,
    role: base.role,
    username: base.username,
  });
  const rakp2 = await exchange(
    link,
    {
      what: 'RAKP Message 1',
      build: () => encodeV20Packet({ payloadType: PayloadType.Rakp1, sessionId: 0, sequence: 0, payload }),
      accept: (datagram) => {
        const packet = parseSessionPacket(datagram);
        if (packet.version !== '2.0' || packet.payloadType !== PayloadType.Rakp2) return undefined;
        const reply = parseRakp2(packet.payload, suite.keyExchangeCodeLength);
        return reply.tag === tag ? reply : undefined;
      },
    },
    signal,
  );
  if (rakp2.status !== 0) throw rakpRefusal(link, base.username.toString('utf8'), 'RAKP 2', rakp2.status);
  return rakp2;
}

async function sendRakp3(
  link: BmcLink,
  context: RakpContext,
  suite: CipherSuite,
  secrets: { password: Buffer; sik: Buffer },
  credentials: SessionCredentials,
  signal: AbortSignal,
): Promise<void> {
  const tag = randomBytes(1)[0] ?? 0;
  const payload = encodeRakp3({
    tag,
    status: 0,
    bmcSessionId: context.bmcSessionId,
    keyExchangeCode: rakp3Code(suite, secrets.password, context),
  });
  const rakp4 = await exchange(
    link,
    {
      what: 'RAKP Message 3',
      build: () => encodeV20Packet({ payloadType: PayloadType.Rakp3, sessionId: 0, sequence: 0, payload }),
      accept: (datagram) => {
        const packet = parseSessionPacket(datagram);
        if (packet.version !== '2.0' || packet.payloadType !== PayloadType.Rakp4) return undefined;
        const reply = parseRakp4(packet.payload, suite.integrityCodeLength);
        return reply.tag === tag ? reply : undefined;
      },
    },
    signal,
  );
  if (rakp4.status !== 0) throw rakpRefusal(link, credentials.username, 'RAKP 4', rakp4.status);
  if (!timingSafeEqual(rakp4.integrityCheckValue, rakp4Code(suite, secrets.sik, context))) {
    throw credentialsRejected(link, credentials, 'its RAKP 4 integrity check value does not match (wrong BMC key KG?)');
  }
}

function rakpRefusal(link: BmcLink, username: string, message: string, status: number): IpmiError {
  if (!SESSION_REFUSALS.has(status)) {
    return new IpmiError(
      'credentials',
      `BMC at ${link.label} rejected the credentials for user '${username}' (${message} status ${describeRmcpPlusStatus(status)}); check ipmi_username, ipmi_password and ipmi_priv_level`,
    );
  }
  return new IpmiError(
    'session',
    `BMC at ${link.label} refused the session in ${message}: status ${describeRmcpPlusStatus(status)}`,
  );
}

function credentialsRejected(link: BmcLink, credentials: SessionCredentials, detail: string): IpmiError {
  return new IpmiError(
    'credentials',
    `BMC at ${link.label} rejected the credentials for user '${credentials.username}': ${detail}; check ipmi_username and ipmi_password`,
  );
}
