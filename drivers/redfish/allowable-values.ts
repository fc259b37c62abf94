import type { JsonObject } from '../../core/index.js';
import { arrayAt, isObject, linkAt, objectAt, stringAt, stringsAt } from './json-fields.js';
import type { RedfishClient, RedfishResource, RequestContext } from './redfish-client.js';
import { hasHttpStatus } from './redfish-failure.js';

/** An action a resource offers: its name, the URI to POST to, and the action object for its annotations. */
export interface RedfishAction {
  name: string;
  target: string;
  body: JsonObject;
}

/**
 * The action `name` (e.g. `#ComputerSystem.Reset`) of a resource, or undefined. The target is taken as
 * given: URIs are never built from names (DSP0266 §6.3; the DMTF and AMI SimpleUpdate targets differ).
 */
export function findAction(resource: RedfishResource, name: string): RedfishAction | undefined {
  const action = objectAt(objectAt(resource.body, 'Actions'), name);
  const target = stringAt(action, 'target');
  return action && target !== undefined ? { name, target, body: action } : undefined;
}

/**
 * Values a parameter of an action accepts: inline `<Param>@Redfish.AllowableValues`, else the
 * `@Redfish.ActionInfo` resource's `Parameters[].AllowableValues` (OpenBMC and AMI only offer the latter).
 * Undefined when the BMC does not say; then, like sushy, every value of the schema's enum is assumed allowed.
 */
export async function allowableValues(
  client: RedfishClient, action: RedfishAction, parameter: string, ctx: RequestContext,
): Promise<string[] | undefined> {
  const inline = arrayAt(action.body, `${parameter}@Redfish.AllowableValues`);
  if (inline) return stringsAt(action.body, `${parameter}@Redfish.AllowableValues`);
  const infoPath = stringAt(action.body, '@Redfish.ActionInfo');
  if (infoPath === undefined) return undefined;
  try {
    const info = await client.get(infoPath, ctx);
    return actionInfoValues(info.body, parameter);
  } catch (error) {
    if (hasHttpStatus(error, 404)) return undefined; // a dangling ActionInfo link says nothing about the values
    throw error;
  }
}

/** `Parameters[Name=parameter].AllowableValues` of an ActionInfo resource (ActionInfo.v1 schema). */
export function actionInfoValues(info: JsonObject, parameter: string): string[] | undefined {
  const entry = (arrayAt(info, 'Parameters') ?? []).filter(isObject).find((p) => stringAt(p, 'Name') === parameter);
  return entry && arrayAt(entry, 'AllowableValues') ? stringsAt(entry, 'AllowableValues') : undefined;
}

/** Allowable values of a property (`<Property>@Redfish.AllowableValues` beside it), or undefined. */
export function propertyAllowableValues(holder: JsonObject | undefined, property: string): string[] | undefined {
  return arrayAt(holder, `${property}@Redfish.AllowableValues`) ? stringsAt(holder, `${property}@Redfish.AllowableValues`) : undefined;
}

/** The first of `preferred` the BMC allows; with no list, the first of `preferred`. */
export function pickAllowed(allowed: readonly string[] | undefined, preferred: readonly string[]): string | undefined {
  return allowed === undefined ? preferred[0] : preferred.find((v) => allowed.includes(v));
}

/** Link of a navigation property, for callers that only hold the body. */
export function linkOf(resource: RedfishResource, key: string): string | undefined {
  return linkAt(resource.body, key);
}
