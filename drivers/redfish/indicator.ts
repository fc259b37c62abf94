import type { JsonObject } from '../../core/index.js';
import { booleanAt, stringAt } from './json-fields.js';

/** Ironic's indicator states (ironic/common/indicator_states.py). */
export type IndicatorState = 'on' | 'off' | 'blinking' | 'unknown';

const FROM_LED: Readonly<Record<string, IndicatorState>> = { Lit: 'on', Off: 'off', Blinking: 'blinking' };
const TO_LED: Readonly<Record<IndicatorState, string | undefined>> = { on: 'Lit', off: 'Off', blinking: 'Blinking', unknown: undefined };

/**
 * The indicator of a System, Chassis or Drive. `IndicatorLED` is deprecated since ComputerSystem v1_13 in favour
 * of `LocationIndicatorActive` (a boolean: no blinking); DMTF rackmount1 and OpenBMC use the new one.
 */
export function parseIndicator(resource: JsonObject): IndicatorState {
  const led = stringAt(resource, 'IndicatorLED');
  if (led !== undefined) return FROM_LED[led] ?? 'unknown';
  const active = booleanAt(resource, 'LocationIndicatorActive');
  return active === undefined ? 'unknown' : active ? 'on' : 'off';
}

/** The PATCH body that sets the indicator, in whichever property the resource uses. */
export function indicatorPatch(resource: JsonObject, state: IndicatorState): JsonObject {
  if (booleanAt(resource, 'LocationIndicatorActive') !== undefined && stringAt(resource, 'IndicatorLED') === undefined) {
    return { LocationIndicatorActive: state === 'on' || state === 'blinking' };
  }
  const led = TO_LED[state];
  return led === undefined ? {} : { IndicatorLED: led };
}
