import {
  INTERFACE_NAMES, InvalidParameterValue, type InterfaceName, type JsonObject, type JsonValue,
} from '../../../core/index.js';
import {
  defineStep, isJsonObject, type DriverContext, type StepCall, type StepDefinition, type StepHost, type StepKind,
} from '../../../drivers/interfaces/index.js';
import type { NodeTask } from '../node-task.js';

/** Tie-break between equal priorities (conductor/steps.py *_INTERFACE_PRIORITY): higher runs first. */
const INTERFACE_PRIORITY: Readonly<Partial<Record<InterfaceName, number>>> = {
  network: 8, vendor: 7, power: 6, management: 5, firmware: 4, deploy: 3, bios: 2, raid: 1,
};

/** Steps the conductor runs itself (RESERVED_STEP_HANDLER_MAPPING); allowed in manual clean and service. */
export const RESERVED_POWER_STEPS: readonly StepDefinition[] = [
  defineStep('power', 'power_on', 0, { requiresRamdisk: false }),
  defineStep('power', 'power_off', 0, { requiresRamdisk: false }),
  defineStep('power', 'reboot', 0, { requiresRamdisk: false }),
];

/** Every step of `kind` the node's interfaces offer, in interface order. */
export async function listSteps(task: NodeTask, kind: StepKind, ctx: DriverContext): Promise<StepDefinition[]> {
  const driver = task.driver();
  const all: StepDefinition[] = [];
  for (const iface of INTERFACE_NAMES) {
    const host = driver[iface] as Partial<StepHost>;
    if (typeof host.getSteps === 'function') all.push(...await host.getSteps(task.node, kind, ctx));
  }
  return all;
}

/** Automated run: priority > 0 only, highest first, ties by interface priority (ironic.md §4.2). */
export function automatedSteps(defs: readonly StepDefinition[]): StepCall[] {
  return sortByPriority(defs.filter((d) => d.priority > 0).map((d) => ({ interface: d.interface, step: d.step, args: {}, priority: d.priority, abortable: d.abortable })));
}

/** Highest priority first; equal priorities by interface priority. */
export function sortByPriority(steps: StepCall[]): StepCall[] {
  const rank = (s: StepCall): number => INTERFACE_PRIORITY[s.interface] ?? 0;
  return [...steps].sort((a, b) => b.priority - a.priority || rank(b) - rank(a));
}

/** `deploy.write_image`, as Ironic names a step in messages. */
export function stepId(step: Pick<StepCall, 'interface' | 'step'>): string {
  return `${step.interface}.${step.step}`;
}

/**
 * Checks user steps (manual clean, service) against what the node offers and returns them in the user's
 * order. Throws InvalidParameterValue naming the unsupported step or the bad arguments.
 */
export function validateUserSteps(nodeUuid: string, kind: StepKind, defs: readonly StepDefinition[], user: readonly JsonValue[]): StepCall[] {
  const offered = [...defs, ...(kind === 'deploy' ? [] : RESERVED_POWER_STEPS)];
  return user.map((raw) => {
    const call = parseUserStep(raw, kind);
    const def = offered.find((d) => d.interface === call.interface && d.step === call.step);
    if (!def) throw new InvalidParameterValue(`Node ${nodeUuid} does not support this ${kind} step: ${JSON.stringify(raw)}`);
    checkArgs(nodeUuid, kind, def, call.args);
    return { ...call, priority: call.priority > 0 ? call.priority : def.priority, abortable: def.abortable };
  });
}

/**
 * The deploy-step list: the driver's automated steps, overridden by template and request steps (same
 * interface and name: the user's args and priority win; priority 0 disables it), sorted by priority.
 */
export function mergeDeploySteps(nodeUuid: string, defs: readonly StepDefinition[], user: readonly JsonValue[]): StepCall[] {
  const requested = validateUserSteps(nodeUuid, 'deploy', defs, user.map((s) => withPriority(s)));
  const merged = new Map(automatedSteps(defs).map((s) => [stepId(s), s]));
  for (const step of requested) merged.set(stepId(step), step);
  return sortByPriority([...merged.values()].filter((s) => s.priority > 0));
}

function withPriority(step: JsonValue): JsonValue {
  return isJsonObject(step) && typeof step['priority'] !== 'number' ? { ...step, priority: 0 } : step;
}

function parseUserStep(raw: JsonValue, kind: StepKind): StepCall {
  if (!isJsonObject(raw) || typeof raw['interface'] !== 'string' || typeof raw['step'] !== 'string') {
    throw new InvalidParameterValue(`Invalid ${kind} step: ${JSON.stringify(raw)}; each needs "interface" and "step".`);
  }
  const iface = raw['interface'];
  if (!(INTERFACE_NAMES as readonly string[]).includes(iface)) throw new InvalidParameterValue(`Invalid ${kind} step interface "${iface}".`);
  const args = raw['args'] ?? {};
  if (!isJsonObject(args)) throw new InvalidParameterValue(`The "args" of ${kind} step ${iface}.${raw['step']} must be an object.`);
  const priority = typeof raw['priority'] === 'number' ? raw['priority'] : 0;
  return { interface: iface as InterfaceName, step: raw['step'], args, priority };
}

function checkArgs(nodeUuid: string, kind: StepKind, def: StepDefinition, args: JsonObject): void {
  const info = def.argsinfo ?? {};
  const unknown = Object.keys(args).filter((k) => !(k in info));
  if (unknown.length > 0) {
    throw new InvalidParameterValue(`${kind} step ${stepId(def)} on node ${nodeUuid} has these invalid arguments: ${unknown.join(', ')}`);
  }
  const missing = Object.entries(info).filter(([k, v]) => v.required === true && !(k in args)).map(([k]) => k);
  if (missing.length > 0) {
    throw new InvalidParameterValue(`${kind} step ${stepId(def)} on node ${nodeUuid} is missing these required arguments: ${missing.join(', ')}`);
  }
}
