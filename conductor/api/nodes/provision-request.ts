import {
  InvalidParameterValue, InvalidStateRequested, MissingParameterValue, VERB_MIN_VERSION, VERBS, type JsonObject,
  type NodeRecord,
} from '../../../core/index.js';
import type { ProvisionRequest } from '../../workers/node-actions.js';
import { requireMinor } from '../microversion.js';
import { checkArguments, isJsonObject } from '../request-body.js';

/** Body keys of `PUT states/provision` and the version that introduced each. */
const PROVISION_KEYS: ReadonlyArray<readonly [string, number]> = [
  ['target', 1], ['configdrive', 1], ['clean_steps', 15], ['rescue_password', 38], ['deploy_steps', 69],
  ['disable_ramdisk', 70], ['service_steps', 87],
];
const DEPLOY_VERBS = ['active', 'deploy', 'rebuild'];

function checkSteps(name: string, value: unknown): JsonObject[] {
  if (!Array.isArray(value)) throw new InvalidParameterValue(`Invalid ${name}: must be a list of steps`);
  for (const step of value) {
    if (!isJsonObject(step) || typeof step['interface'] !== 'string' || typeof step['step'] !== 'string') {
      throw new InvalidParameterValue(`Invalid ${name}: each step needs string "interface" and "step" keys`);
    }
    if (step['args'] !== undefined && !isJsonObject(step['args'])) throw new InvalidParameterValue(`Invalid ${name}: "args" must be an object`);
  }
  return value as JsonObject[];
}

/** `<key>` given with a verb that does not take it, or missing for one that needs it (node.py provision()). */
function stepsFor(body: Record<string, unknown>, key: string, verb: string, target: string): JsonObject[] | undefined {
  const value = body[key];
  if (target === verb && value === undefined) {
    throw new MissingParameterValue(`"${key}" is required when setting target provision state to ${verb}`);
  }
  if (value === undefined) return undefined;
  if (target !== verb) throw new InvalidParameterValue(`"${key}" is only valid when setting target provision state to ${verb}`);
  return checkSteps(key, value);
}

function checkConfigdrive(body: Record<string, unknown>, target: string, apiMinor: number): void {
  const configdrive = body['configdrive'];
  if (configdrive === undefined || configdrive === null) return;
  if (!DEPLOY_VERBS.includes(target)) {
    throw new InvalidParameterValue('Adding a config drive is only supported when setting provision state to active or rebuild');
  }
  if (isJsonObject(configdrive)) requireMinor(apiMinor, 56);
  else if (typeof configdrive !== 'string') throw new InvalidParameterValue('Invalid configdrive: must be a string or an object');
}

function checkRescuePassword(body: Record<string, unknown>, target: string): string | undefined {
  const password = body['rescue_password'];
  if (target === 'rescue' && (typeof password !== 'string' || password.trim() === '')) {
    throw new MissingParameterValue("A non-empty 'rescue_password' is required when setting target provision state to rescue");
  }
  if (password !== undefined && target !== 'rescue') {
    throw new InvalidParameterValue("'rescue_password' is only valid when setting target provision state to rescue");
  }
  return typeof password === 'string' ? password : undefined;
}

/**
 * Checks a provision request as ironic's node.py provision() does, in its order: arguments,
 * verb known (else InvalidStateRequested), verb and parameter versions (406), parameter/verb pairs (400).
 */
export function parseProvisionRequest(rawBody: unknown, node: NodeRecord, apiMinor: number): ProvisionRequest {
  const body = checkArguments(rawBody, PROVISION_KEYS.map(([k]) => k), ['target']);
  const target = body['target'];
  if (typeof target !== 'string' || VERBS[target] === undefined) {
    throw new InvalidStateRequested(String(target), node.uuid, node.provision_state);
  }
  requireMinor(apiMinor, VERB_MIN_VERSION[target] ?? 1);
  for (const [key, min] of PROVISION_KEYS) if (body[key] !== undefined) requireMinor(apiMinor, min);
  checkConfigdrive(body, target, apiMinor);
  const request: ProvisionRequest = { target };
  if (body['configdrive'] !== undefined && body['configdrive'] !== null) request.configdrive = body['configdrive'] as ProvisionRequest['configdrive'];
  const cleanSteps = stepsFor(body, 'clean_steps', 'clean', target);
  if (cleanSteps) request.clean_steps = cleanSteps;
  const serviceSteps = stepsFor(body, 'service_steps', 'service', target);
  if (serviceSteps) request.service_steps = serviceSteps;
  if (body['deploy_steps'] !== undefined) {
    if (!DEPLOY_VERBS.includes(target)) throw new InvalidParameterValue('"deploy_steps" is only valid when setting target provision state to active or rebuild');
    request.deploy_steps = checkSteps('deploy_steps', body['deploy_steps']);
  }
  const password = checkRescuePassword(body, target);
  if (password !== undefined) request.rescue_password = password;
  const disableRamdisk = body['disable_ramdisk'];
  if (disableRamdisk !== undefined) {
    if (typeof disableRamdisk !== 'boolean') throw new InvalidParameterValue('Invalid disable_ramdisk: must be a boolean');
    if (target !== 'clean') throw new InvalidParameterValue('disable_ramdisk is supported only with manual cleaning');
    request.disable_ramdisk = disableRamdisk;
  }
  return request;
}
