import { InvalidParameterValue, type DeployTemplateStep, type JsonObject } from '../../../core/index.js';
import { pythonRepr } from '../python-repr.js';
import { isJsonObject, schemaError } from '../request-body.js';
import { invalidTraitMessage, isValidTrait } from '../trait-name.js';

/** Interfaces whose steps a deploy template may name (ironic deploy_template.py). */
export const TEMPLATE_STEP_INTERFACES = ['bios', 'deploy', 'firmware', 'management', 'power', 'raid'] as const;
const STEP_KEYS = ['interface', 'step', 'args', 'priority'];

/** A template name must be a valid trait (standard or CUSTOM_). */
export function checkTemplateName(value: unknown): string {
  if (!isValidTrait(value)) throw new InvalidParameterValue(invalidTraitMessage(value));
  return value;
}

function checkStep(step: unknown): DeployTemplateStep {
  if (!isJsonObject(step)) throw schemaError('template', `${pythonRepr(step)} is not of type 'object'`);
  const extra = Object.keys(step).filter((k) => !STEP_KEYS.includes(k));
  if (extra.length > 0) throw schemaError('template', `Additional properties are not allowed (${extra.map((k) => pythonRepr(k)).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
  for (const key of STEP_KEYS) if (!Object.hasOwn(step, key)) throw schemaError('template', `'${key}' is a required property`);
  const { interface: iface, step: name, args, priority } = step;
  if (typeof iface !== 'string' || !(TEMPLATE_STEP_INTERFACES as readonly string[]).includes(iface)) {
    throw schemaError('template', `${pythonRepr(iface)} is not one of ${pythonRepr([...TEMPLATE_STEP_INTERFACES])}`);
  }
  if (typeof name !== 'string' || name === '') throw schemaError('template', `${pythonRepr(name)} is not of type 'string'`);
  if (!isJsonObject(args)) throw schemaError('template', `${pythonRepr(args)} is not of type 'object'`);
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0) {
    throw schemaError('template', `${pythonRepr(priority)} is not a valid priority: must be a non-negative integer`);
  }
  return { interface: iface, step: name, args: args as JsonObject, priority };
}

/** Steps: a non-empty list of complete steps with no interface/step pair twice. */
export function checkTemplateSteps(value: unknown): DeployTemplateStep[] {
  if (!Array.isArray(value)) throw schemaError('template', `${pythonRepr(value)} is not of type 'array'`);
  if (value.length === 0) throw schemaError('template', '[] is too short');
  const steps = value.map(checkStep);
  const seen = new Set<string>();
  const duplicates = steps.map((s) => `${s.interface}.${s.step}`).filter((key) => seen.has(key) || !seen.add(key));
  if (duplicates.length > 0) {
    throw new InvalidParameterValue(`Duplicate deploy steps. A deploy template cannot have multiple deploy steps with the same interface and step. Duplicates: ${duplicates.join(', ')}`);
  }
  return steps;
}
