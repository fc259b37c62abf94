import type { CipherSuite } from '../../drivers/ipmi/cipher-suites.js';
import type { RakpContext, SessionKeys } from '../../drivers/ipmi/rakp-crypto.js';

/** One RMCP+ session a console holds with a simulated BMC. */
export interface ResponderSession {
  /** SIDm: the console's session ID; replies carry it. */
  consoleSessionId: number;
  suite: CipherSuite;
  /** Highest privilege the session may reach (Open Session "requested maximum privilege"; 0 means admin). */
  maxPrivilege: number;
  /** Current privilege: USER (2) after RAKP, raised by Set Session Privilege Level (§13.19). */
  privilege: number;
  /** opened: after Open Session; authenticating: after RAKP 2; active: after RAKP 4, keys set. */
  stage: 'opened' | 'authenticating' | 'active';
  /** What RAKP 1 and 2 established; RAKP 3 and the keys are computed from it. */
  context: RakpContext;
  /** Set once RAKP 3 checked out: from then on every packet is authenticated and encrypted. */
  keys: SessionKeys | undefined;
  /** Outbound session sequence number of the BMC. */
  sequence: number;
  /** Last datagram of this session (ms on the responder's clock), for the inactivity timeout. */
  lastActiveMs: number;
}

/** The state of one simulated BMC: what a real BMC keeps about its chassis, boot options and sessions. */
export interface SimulatedBmc {
  /** Index in the fleet (0-based) and the UDP port it answers on. */
  readonly index: number;
  readonly port: number;
  /** System GUID, also GUIDc in RAKP 2 (§13.31): derived from the port so runs are reproducible. */
  readonly guid: Buffer;
  powerOn: boolean;
  /** System Boot Options parameter 5, data 1-5 as last written (§28.13 Table 28-14). */
  bootFlags: Buffer;
  /** Parameter 0: 0 set complete, 1 set in progress. */
  setInProgress: number;
  /** Parameter 3: BMC boot flag valid bit clearing. */
  validBitClearing: number;
  /** Parameter 4: boot info acknowledge, 2 bytes. */
  bootInfoAcknowledge: Buffer;
  /** Drop every datagram, as a BMC that lost power or network does. */
  silent: boolean;
  /** Sessions by SIDc, the ID this BMC chose. */
  readonly sessions: Map<number, ResponderSession>;
  /** Chassis Control actions received, oldest first (at most the last 16). */
  readonly controls: number[];
}

/** A powered-off BMC with no boot override, answering on `port`. */
export function createSimulatedBmc(index: number, port: number): SimulatedBmc {
  const guid = Buffer.alloc(16);
  guid.write('ferro-ipmi', 0, 'latin1');
  guid.writeUInt32BE(port, 12);
  return {
    index,
    port,
    guid,
    powerOn: false,
    bootFlags: Buffer.alloc(5),
    setInProgress: 0,
    validBitClearing: 0,
    bootInfoAcknowledge: Buffer.alloc(2),
    silent: false,
    sessions: new Map(),
    controls: [],
  };
}

/** The Ironic boot device a simulated BMC's boot flags select, or null for "no override" (Table 28-14 data 2). */
export function bootDeviceOf(bmc: SimulatedBmc): string | null {
  const selector = ((bmc.bootFlags[1] ?? 0) >> 2) & 0x0f;
  const names: Record<number, string> = { 1: 'pxe', 2: 'disk', 3: 'safe', 5: 'cdrom', 6: 'bios' };
  return names[selector] ?? null;
}
