import { UnsupportedDriverExtension, type JsonObject } from '../../core/index.js';
import { allowableValues, findAction, pickAllowed } from './allowable-values.js';
import { stringAt } from './json-fields.js';
import type { RequestContext } from './redfish-client.js';
import type { SystemHandle } from './redfish-system.js';

/** Ironic's power state words for Redfish `PowerState` (ironic redfish power GET_POWER_STATE_MAP). */
const POWER_STATES: Readonly<Record<string, 'power on' | 'power off'>> = {
  On: 'power on', PoweringOn: 'power on', Off: 'power off', PoweringOff: 'power off',
};

/** A ComputerSystem's power state in Ironic's words; 'error' for anything else (Paused, missing, garbage). */
export function parsePowerState(system: JsonObject): 'power on' | 'power off' | 'error' {
  const state = stringAt(system, 'PowerState');
  return (state !== undefined ? POWER_STATES[state] : undefined) ?? 'error';
}

/** The settled Redfish PowerState, or undefined while it moves (PoweringOn/Off) or is unknown. */
export function settledPowerState(system: JsonObject): 'On' | 'Off' | undefined {
  const state = stringAt(system, 'PowerState');
  return state === 'On' || state === 'Off' ? state : undefined;
}

/**
 * POSTs `#ComputerSystem.Reset` with the first of `preferred` ResetTypes the BMC allows (inline
 * AllowableValues or ActionInfo). Returns the type sent; throws UnsupportedDriverExtension when none is allowed.
 */
export async function resetSystem(handle: SystemHandle, preferred: readonly string[], ctx: RequestContext): Promise<string> {
  const type = await chooseResetType(handle, preferred, ctx);
  if (type === undefined) {
    throw new UnsupportedDriverExtension(`BMC ${handle.client.origin} does not allow ResetType ${preferred.join(' or ')} on ${handle.system.path}.`);
  }
  const action = findAction(handle.system, '#ComputerSystem.Reset');
  if (!action) throw new UnsupportedDriverExtension(`BMC ${handle.client.origin} offers no #ComputerSystem.Reset action on ${handle.system.path}.`);
  await handle.client.send('POST', action.target, { body: { ResetType: type } }, ctx);
  return type;
}

/** The first of `preferred` the Reset action allows, or undefined (also when there is no Reset action). */
export async function chooseResetType(handle: SystemHandle, preferred: readonly string[], ctx: RequestContext): Promise<string | undefined> {
  const action = findAction(handle.system, '#ComputerSystem.Reset');
  if (!action) return undefined;
  return pickAllowed(await allowableValues(handle.client, action, 'ResetType', ctx), preferred);
}
