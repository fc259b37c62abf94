import { PrivilegeLevel } from '../../drivers/ipmi/privilege-level.js';
import type { LanRequest } from './lan-message.js';
import type { ResponderSession, SimulatedBmc } from './simulated-bmc.js';
import {
  consumeOneTimeBootFlags,
  getSystemBootOptions,
  setSystemBootOptions,
  type CommandResult,
} from './system-boot-options.js';

const NONE = Buffer.alloc(0);
const { USER, OPERATOR, ADMINISTRATOR } = PrivilegeLevel;
/** Generic completion codes (§5.2 Table 5-2). */
const CC = { InvalidCommand: 0xc1, LengthInvalid: 0xc7, InvalidField: 0xcc, InsufficientPrivilege: 0xd4 } as const;
/** Get Device ID data (§20.1): device 0x20, revision 1, firmware 1.00, IPMI 2.0, chassis device, no vendor. */
const DEVICE_ID = Buffer.from([0x20, 0x01, 0x01, 0x00, 0x02, 0x80, 0x00, 0x00, 0x00, 0x01, 0x00]);
/** Cipher suite records (§22.15.1): start of record 0xC0, suite ID, auth, 0x40|integrity, 0x80|confidentiality. */
const CIPHER_SUITE_RECORDS = Buffer.from([0xc0, 0x03, 0x01, 0x41, 0x81, 0xc0, 0x11, 0x03, 0x44, 0x81]);
/** Without "list by cipher suite", the supported algorithms one by one (§22.15 request byte 3 bit 7 = 0). */
const ALGORITHM_LIST = Buffer.from([0x01, 0x03, 0x41, 0x44, 0x81]);

type Handler = (bmc: SimulatedBmc, data: Buffer, session: ResponderSession) => CommandResult;

/** In-session commands by `netFn:command`, with the privilege each needs (Appendix G). */
const IN_SESSION: ReadonlyMap<string, readonly [number, Handler]> = new Map<string, readonly [number, Handler]>([
  ['6:1', [USER, () => [0, DEVICE_ID]]],
  ['6:55', [USER, (bmc) => [0, Buffer.from(bmc.guid)]]],
  ['6:56', [1, (_bmc, data) => channelAuthenticationCapabilities(data)]],
  ['6:59', [1, (_bmc, data, session) => setSessionPrivilege(session, data)]],
  ['6:60', [1, (bmc, data) => closeSession(bmc, data)]],
  ['6:84', [USER, (_bmc, data) => channelCipherSuites(data)]],
  ['0:1', [USER, (bmc) => [0, Buffer.from([bmc.powerOn ? 0x01 : 0x00, 0x00, 0x00])]]],
  ['0:2', [OPERATOR, (bmc, data) => chassisControl(bmc, data)]],
  ['0:4', [OPERATOR, () => [0, NONE]]],
  ['0:8', [OPERATOR, setSystemBootOptions]],
  ['0:9', [OPERATOR, getSystemBootOptions]],
]);

/** Runs a command inside an authenticated session, checking the session's privilege first. */
export function executeInSession(bmc: SimulatedBmc, request: LanRequest, session: ResponderSession): CommandResult {
  const entry = IN_SESSION.get(`${request.netFn}:${request.command}`);
  if (!entry) return [CC.InvalidCommand, NONE];
  const [privilege, handler] = entry;
  if (session.privilege < privilege) return [CC.InsufficientPrivilege, NONE];
  return handler(bmc, request.data, session);
}

/**
 * Commands outside any session (IPMI 1.5 packet, auth type none): Get Channel Authentication Capabilities and
 * Get Channel Cipher Suites (§22.13, §22.15). Everything else needs a session: 0xD5, as ipmi_sim answers.
 */
export function executeSessionless(request: LanRequest): CommandResult {
  if (request.netFn === 0x06 && request.command === 0x38) return channelAuthenticationCapabilities(request.data);
  if (request.netFn === 0x06 && request.command === 0x54) return channelCipherSuites(request.data);
  return [0xd5, NONE];
}

/** §22.13: channel 1; with bit 7 of byte 1, IPMI 2.0 extended data. Only RMCP+ logins are offered. */
function channelAuthenticationCapabilities(data: Buffer): CommandResult {
  if (data.length < 2) return [CC.LengthInvalid, NONE];
  const privilege = (data[1] ?? 0) & 0x0f;
  if (privilege < 1 || privilege > 5) return [CC.InvalidField, NONE];
  const extended = ((data[0] ?? 0) & 0x80) !== 0;
  // Byte 2: no IPMI 1.5 auth types (bit 7 flags the extended data); byte 3: non-null user names enabled;
  // byte 4: IPMI 2.0 connections supported.
  return [0, Buffer.from([0x01, extended ? 0x80 : 0x00, 0x04, extended ? 0x02 : 0x00, 0, 0, 0, 0])];
}

/** §22.15: 16 bytes of the record list per list index, after the channel number. */
function channelCipherSuites(data: Buffer): CommandResult {
  if (data.length < 3) return [CC.LengthInvalid, NONE];
  const list = ((data[2] ?? 0) & 0x80) !== 0 ? CIPHER_SUITE_RECORDS : ALGORITHM_LIST;
  const start = ((data[2] ?? 0) & 0x3f) * 16;
  return [0, Buffer.concat([Buffer.from([0x01]), list.subarray(start, start + 16)])];
}

/** §22.18: 0 reads the current level; more than the session's maximum is 0x81. */
function setSessionPrivilege(session: ResponderSession, data: Buffer): CommandResult {
  if (data.length < 1) return [CC.LengthInvalid, NONE];
  const requested = (data[0] ?? 0) & 0x0f;
  if (requested === 0) return [0, Buffer.from([session.privilege])];
  if (requested > ADMINISTRATOR || requested > session.maxPrivilege) return [0x81, NONE];
  if (requested === 1) return [0x80, NONE]; // callback is not a level an RMCP+ session can drop to here
  session.privilege = requested;
  return [0, Buffer.from([requested])];
}

/** §22.19: closes the session with that SIDc on this BMC; an unknown ID is 0x87. */
function closeSession(bmc: SimulatedBmc, data: Buffer): CommandResult {
  if (data.length < 4) return [CC.LengthInvalid, NONE];
  return bmc.sessions.delete(data.readUInt32LE(0)) ? [0, NONE] : [0x87, NONE];
}

/** §28.3: power down, up, cycle, hard reset, diagnostic interrupt, soft shutdown (the "OS" obeys at once). */
function chassisControl(bmc: SimulatedBmc, data: Buffer): CommandResult {
  if (data.length < 1) return [CC.LengthInvalid, NONE];
  const action = (data[0] ?? 0) & 0x0f;
  if (action > 5) return [CC.InvalidField, NONE];
  bmc.controls.push(action);
  if (bmc.controls.length > 16) bmc.controls.shift();
  if (action === 0 || action === 5) bmc.powerOn = false;
  else if (action === 1 || action === 2 || action === 3) {
    if (action !== 1 || !bmc.powerOn) consumeOneTimeBootFlags(bmc); // a boot happens
    bmc.powerOn = true;
  }
  return [0, NONE];
}
