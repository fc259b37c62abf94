import { applyOnReset } from './apply-on-reset.js';
import { recordEvent, schedule, type EmulatorState } from './emulator-state.js';
import { objectAt, stringAt } from './json-object.js';
import type { BootRequest } from './machine-backend.js';
import { redfishError } from './redfish-error.js';

/** ComputerSystem ResetType (Resource v1_17 `ResetType`). */
export const RESET_TYPES = [
  'On',
  'ForceOff',
  'GracefulShutdown',
  'GracefulRestart',
  'ForceRestart',
  'Nmi',
  'ForceOn',
  'PushPowerButton',
  'PowerCycle',
  'Suspend',
  'Pause',
  'Resume',
  'FullPowerCycle',
] as const;

/** One of the ResetType values. */
export type ResetType = (typeof RESET_TYPES)[number];

/** True for a ResetType value defined by the schema. */
export function isResetType(value: string): value is ResetType {
  return (RESET_TYPES as readonly string[]).includes(value);
}

/**
 * Carries out ComputerSystem.Reset. Requests that ask for the current state (On while On) succeed without a
 * change; restarts and NMI of a powered-off system are refused with 409 ResourceInStandby; a system in
 * transition (PoweringOn/PoweringOff) answers 409 ResourceInUse.
 */
export async function resetSystem(state: EmulatorState, systemKey: string, resetType: ResetType): Promise<void> {
  const power = await currentPower(state, systemKey);
  if (power === 'PoweringOn' || power === 'PoweringOff') throw redfishError(409, 'ResourceInUse');
  const isOn = power === 'On' || power === 'Paused';
  recordEvent(state, { kind: 'reset-requested', target: systemKey, detail: resetType });
  switch (resetType) {
    case 'On':
    case 'ForceOn':
      return isOn ? undefined : powerOn(state, systemKey);
    case 'ForceOff':
    case 'Suspend':
      return isOn ? powerOff(state, systemKey, 'hard') : undefined;
    case 'GracefulShutdown':
      return isOn ? powerOff(state, systemKey, 'soft') : undefined;
    case 'PushPowerButton':
      return isOn ? powerOff(state, systemKey, 'soft') : powerOn(state, systemKey);
    case 'GracefulRestart':
    case 'ForceRestart':
      if (!isOn) throw redfishError(409, 'ResourceInStandby');
      return restart(state, systemKey);
    case 'PowerCycle':
    case 'FullPowerCycle':
      if (isOn) await powerOff(state, systemKey, 'hard');
      return powerOn(state, systemKey);
    case 'Nmi':
      if (!isOn) throw redfishError(409, 'ResourceInStandby');
      if (state.machine?.systemPath === systemKey) await state.machine.nmi();
      recordEvent(state, { kind: 'nmi', target: systemKey });
      return undefined;
    case 'Pause':
      if (isOn) setPower(state, systemKey, 'Paused');
      return undefined;
    case 'Resume':
      if (power === 'Paused') setPower(state, systemKey, 'On');
      return undefined;
  }
}

/** PowerState of a system, read from its machine when it has one. */
export async function currentPower(state: EmulatorState, systemKey: string): Promise<string | undefined> {
  if (state.machine?.systemPath === systemKey) {
    const power = await state.machine.readPowerState();
    setPower(state, systemKey, power);
  }
  return stringAt(state.store.get(systemKey), 'PowerState');
}

async function powerOn(state: EmulatorState, systemKey: string): Promise<void> {
  const machine = state.machine?.systemPath === systemKey ? state.machine : undefined;
  if (machine !== undefined) {
    const request = prepareBoot(state, systemKey);
    await machine.powerOn(request);
    setPower(state, systemKey, 'On');
    finishBoot(state, systemKey, request);
    return;
  }
  const delayMs = state.switches.delaysMs.power;
  if (delayMs > 0) setPower(state, systemKey, 'PoweringOn');
  schedule(state, delayMs, () => {
    setPower(state, systemKey, 'On');
    finishBoot(state, systemKey, prepareBoot(state, systemKey));
  });
}

async function powerOff(state: EmulatorState, systemKey: string, how: 'hard' | 'soft'): Promise<void> {
  const machine = state.machine?.systemPath === systemKey ? state.machine : undefined;
  recordEvent(state, { kind: 'power-off', target: systemKey, detail: how });
  if (machine !== undefined) {
    // A soft off is a request to the guest (ACPI button); PowerState follows the machine, read on every GET.
    if (how === 'soft') return machine.shutdown();
    await machine.powerOff();
    setPower(state, systemKey, 'Off');
    return;
  }
  const delayMs = state.switches.delaysMs.power;
  if (delayMs > 0) setPower(state, systemKey, 'PoweringOff');
  schedule(state, delayMs, () => setPower(state, systemKey, 'Off'));
}

async function restart(state: EmulatorState, systemKey: string): Promise<void> {
  const machine = state.machine?.systemPath === systemKey ? state.machine : undefined;
  const request = prepareBoot(state, systemKey);
  if (machine !== undefined) await machine.reset(request);
  finishBoot(state, systemKey, request);
}

/**
 * The first half of a boot: settings are applied (they can change Boot), and the override in force is read.
 * The machine then starts with it, and `finishBoot` consumes a `Once` override.
 */
function prepareBoot(state: EmulatorState, systemKey: string): BootRequest | undefined {
  applyOnReset(state, systemKey);
  return bootRequestOf(state, systemKey);
}

/** ComputerSystem.BootSourceOverrideEnabled `Once`: "boot one time … then reverts to Disabled". */
function finishBoot(state: EmulatorState, systemKey: string, request: BootRequest | undefined): void {
  recordEvent(state, { kind: 'boot', target: systemKey, detail: request?.target ?? 'default' });
  if (request?.once !== true) return;
  state.store.update(systemKey, (system) => {
    const bootProperties = objectAt(system, 'Boot');
    if (bootProperties !== undefined) bootProperties.BootSourceOverrideEnabled = 'Disabled';
  });
}

/** The override in force for the next boot, if any. */
export function bootRequestOf(state: EmulatorState, systemKey: string): BootRequest | undefined {
  const bootProperties = objectAt(state.store.get(systemKey), 'Boot');
  const enabled = stringAt(bootProperties, 'BootSourceOverrideEnabled');
  const target = stringAt(bootProperties, 'BootSourceOverrideTarget');
  if (target === undefined || target === 'None' || (enabled !== 'Once' && enabled !== 'Continuous')) return undefined;
  return { target, once: enabled === 'Once' };
}

function setPower(state: EmulatorState, systemKey: string, power: string): void {
  const before = stringAt(state.store.get(systemKey), 'PowerState');
  if (before === power) return;
  state.store.update(systemKey, (system) => void (system.PowerState = power));
  if (power === 'On' || power === 'Off')
    recordEvent(state, { kind: power === 'On' ? 'power-on' : 'powered-off', target: systemKey });
}
