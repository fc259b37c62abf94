import type { IncomingHttpHeaders } from 'node:http';
import { ifMatchSatisfied } from './etag.js';
import type { EmulatorState } from './emulator-state.js';
import { objectAt, stringAt } from './json-object.js';
import { redfishError } from './redfish-error.js';
import { settingsOwner } from './resource-roles.js';

/**
 * If-Match handling (DSP0266 §7.9; RFC 9110 §13.1.1): a tag that matches no current one is 412
 * PreconditionFailed; no If-Match at all is 428 PreconditionRequired when the `etagRequired` switch is on. A
 * settings object also accepts the `@Redfish.Settings.ETag` its owner advertises (what sushy sends).
 */
export function checkPrecondition(
  state: EmulatorState,
  key: string,
  headers: IncomingHttpHeaders,
  method: string,
): void {
  const ifMatch = headers['if-match'];
  if (ifMatch === undefined) {
    if (state.switches.etagRequired && method === 'PATCH') throw redfishError(428, 'PreconditionRequired');
    return;
  }
  const current = [state.store.etag(key)];
  const owner = settingsOwner(state.store, key);
  if (owner !== undefined) current.push(stringAt(objectAt(state.store.get(owner), '@Redfish.Settings'), 'ETag'));
  const tags = current.filter((tag): tag is string => tag !== undefined);
  if (!ifMatchSatisfied(ifMatch, tags)) throw redfishError(412, 'PreconditionFailed');
}
