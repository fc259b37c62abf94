import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorState } from './emulator-state.js';
import { redfishError, type RedfishError } from './redfish-error.js';
import { sameSecret } from './sessions.js';

/**
 * Checks a request's credentials (DSP0266 §13.3 "Authentication"): an `X-Auth-Token` of a live session, or HTTP
 * Basic unless the `sessionOnly` switch is on. Returns the 401 to send, or undefined when authenticated.
 */
export function authenticate(state: EmulatorState, headers: IncomingHttpHeaders): RedfishError | undefined {
  const token = headers['x-auth-token'];
  if (typeof token === 'string' && token !== '') {
    return state.sessions.has(token) ? undefined : unauthorized(state);
  }
  const authorization = headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(authorization);
  if (match?.[1] === undefined || state.switches.sessionOnly) return unauthorized(state);
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return unauthorized(state);
  const valid =
    sameSecret(decoded.slice(0, colon), state.credentials.username) &&
    sameSecret(decoded.slice(colon + 1), state.credentials.password);
  return valid ? undefined : unauthorized(state);
}

function unauthorized(state: EmulatorState): RedfishError {
  // RFC 9110 §11.6.1: a 401 names the schemes the server accepts; a session-only service offers none to browsers.
  const headers: Record<string, string> = state.switches.sessionOnly
    ? {}
    : { 'WWW-Authenticate': 'Basic realm="Redfish"' };
  return redfishError(401, 'NoValidSession', [], headers);
}
