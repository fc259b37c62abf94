import { createHmac } from 'node:crypto';
import type { CipherSuite } from './cipher-suites.js';

/** Everything both sides of a RAKP exchange know after RAKP 2 (IPMI 2.0 §13.31). */
export interface RakpContext {
  /** SIDm: the session ID we (the remote console) chose. */
  consoleSessionId: number;
  /** SIDc: the session ID the BMC chose in the Open Session Response. */
  bmcSessionId: number;
  /** Rm: our 16 random bytes from RAKP 1. */
  consoleRandom: Buffer;
  /** Rc: the BMC's 16 random bytes from RAKP 2. */
  bmcRandom: Buffer;
  /** GUIDc: the BMC's GUID from RAKP 2. */
  bmcGuid: Buffer;
  /** ROLEm: the requested maximum privilege level with the name-only lookup bit, as sent in RAKP 1. */
  role: number;
  /** UNAMEm: the user name bytes (ULENGTHm is its length). */
  username: Buffer;
}

/** Keys a session uses after RAKP: K1 for packet integrity, the first 16 bytes of K2 for AES (§13.32). */
export interface SessionKeys {
  suite: CipherSuite;
  integrityKey: Buffer;
  aesKey: Buffer;
}

function hmac(suite: CipherSuite, key: Buffer, ...parts: Buffer[]): Buffer {
  const mac = createHmac(suite.hash, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

function uint32le(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value >>> 0, 0);
  return buffer;
}

function roleAndName(context: RakpContext): Buffer {
  return Buffer.concat([Buffer.from([context.role, context.username.length]), context.username]);
}

/**
 * The key exchange authentication code the BMC sends in RAKP 2 (§13.31, Table 13-19):
 * HMAC_Kuid(SIDm | SIDc | Rm | Rc | GUIDc | ROLEm | ULENGTHm | UNAMEm). Kuid is the user's password.
 */
export function rakp2Code(suite: CipherSuite, password: Buffer, context: RakpContext): Buffer {
  return hmac(
    suite,
    password,
    uint32le(context.consoleSessionId),
    uint32le(context.bmcSessionId),
    context.consoleRandom,
    context.bmcRandom,
    context.bmcGuid,
    roleAndName(context),
  );
}

/** The code we send in RAKP 3 (§13.31, Table 13-20): HMAC_Kuid(Rc | SIDm | ROLEm | ULENGTHm | UNAMEm). */
export function rakp3Code(suite: CipherSuite, password: Buffer, context: RakpContext): Buffer {
  return hmac(suite, password, context.bmcRandom, uint32le(context.consoleSessionId), roleAndName(context));
}

/**
 * The Session Integrity Key (§13.31): HMAC_KG(Rm | Rc | ROLEm | ULENGTHm | UNAMEm). KG is the BMC key when
 * one is configured, otherwise the user's password ("one-key login").
 */
export function sessionIntegrityKey(suite: CipherSuite, kg: Buffer, context: RakpContext): Buffer {
  return hmac(suite, kg, context.consoleRandom, context.bmcRandom, roleAndName(context));
}

/** The integrity check value the BMC sends in RAKP 4 (Table 13-21): HMAC_SIK(Rm | SIDc | GUIDc), truncated. */
export function rakp4Code(suite: CipherSuite, sik: Buffer, context: RakpContext): Buffer {
  return hmac(suite, sik, context.consoleRandom, uint32le(context.bmcSessionId), context.bmcGuid).subarray(
    0,
    suite.integrityCodeLength,
  );
}

/** K1 = HMAC_SIK(20 × 0x01) and K2 = HMAC_SIK(20 × 0x02) (§13.32); the constants stay 20 bytes for SHA-256. */
export function deriveSessionKeys(suite: CipherSuite, sik: Buffer): SessionKeys {
  const k1 = hmac(suite, sik, Buffer.alloc(20, 0x01));
  const k2 = hmac(suite, sik, Buffer.alloc(20, 0x02));
  return { suite, integrityKey: k1, aesKey: k2.subarray(0, 16) };
}
