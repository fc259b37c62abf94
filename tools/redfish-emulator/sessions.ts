import { randomBytes, timingSafeEqual } from 'node:crypto';
import { nextId, recordEvent, type EmulatorState } from './emulator-state.js';
import type { JsonObject } from './json-object.js';
import { baseRegistryMessage, RedfishError, redfishError } from './redfish-error.js';
import type { Reply } from './reply.js';
import { display } from './validate-patch.js';

/** Constant-time string comparison for credentials. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST to the Sessions collection (DSP0266 §13.3.4 "Redfish session login authentication"): 201 with the Session,
 * its URI in `Location` and the token in `X-Auth-Token`. Wrong credentials answer 401.
 */
export function createSession(state: EmulatorState, collectionKey: string, body: JsonObject | undefined): Reply {
  const userName = body?.UserName;
  const password = body?.Password;
  const missing = [
    ['UserName', userName],
    ['Password', password],
  ]
    .filter(([, value]) => value === undefined)
    .map(([name]) => String(name));
  if (missing.length > 0)
    throw new RedfishError(
      400,
      missing.map((name) => baseRegistryMessage('CreateFailedMissingReqProperties', [name])),
    );
  if (typeof userName !== 'string' || typeof password !== 'string') {
    const wrong = typeof userName !== 'string' ? (['UserName', userName] as const) : (['Password', password] as const);
    throw new RedfishError(400, [baseRegistryMessage('PropertyValueTypeError', [display(wrong[1]), wrong[0]])]);
  }
  const valid = sameSecret(userName, state.credentials.username) && sameSecret(password, state.credentials.password);
  if (!valid) throw redfishError(401, 'NoValidSession');
  const id = `${nextId(state)}${randomBytes(4).toString('hex')}`;
  const path = `${collectionKey}/${id}`;
  const token = randomBytes(16).toString('hex');
  state.sessions.set(token, { id, token, userName, path });
  state.store.put(path, {
    '@odata.id': path,
    '@odata.type': '#Session.v1_6_0.Session',
    Id: id,
    Name: 'User Session',
    Description: 'Manager User Session',
    UserName: userName,
    Password: null,
  });
  state.store.addMember(collectionKey, path);
  recordEvent(state, { kind: 'session-created', target: path });
  return { status: 201, body: state.store.get(path) ?? {}, headers: { 'X-Auth-Token': token, Location: path } };
}

/** DELETE of a Session: logs it out (its token stops working). */
export function deleteSession(state: EmulatorState, key: string, collectionKey: string): Reply {
  for (const [token, session] of state.sessions) {
    if (session.path === key) state.sessions.delete(token);
  }
  state.store.remove(key);
  state.store.removeMember(collectionKey, key);
  recordEvent(state, { kind: 'session-deleted', target: key });
  return { status: 204 };
}
