import { InvalidParameterValue, UnsupportedDriverExtension, type JsonObject } from '../../core/index.js';
import { propertyAllowableValues } from './allowable-values.js';
import { patchWithEtag } from './etag-patch.js';
import { linkAt, objectAt, stringAt } from './json-fields.js';
import type { RedfishResource, RequestContext } from './redfish-client.js';
import { hasHttpStatus } from './redfish-failure.js';
import type { SystemHandle } from './redfish-system.js';
import type { VendorQuirks } from './vendor-quirks.js';

/** What to change in `ComputerSystem.Boot`; absent fields stay as they are. */
export interface BootOverride {
  target?: string;
  enabled?: 'Once' | 'Continuous';
  mode?: 'UEFI' | 'Legacy';
}

const BOOT_FIELDS = ['BootSourceOverrideTarget', 'BootSourceOverrideEnabled', 'BootSourceOverrideMode'];

/** The Boot object of a System; throws UnsupportedDriverExtension when the BMC has no boot override (Cray EX). */
export function bootOf(handle: SystemHandle): JsonObject {
  const boot = objectAt(handle.system.body, 'Boot');
  if (!boot || !BOOT_FIELDS.some((f) => f in boot)) {
    throw new UnsupportedDriverExtension(`BMC ${handle.client.origin} offers no boot source override on ${handle.system.path}.`);
  }
  return boot;
}

/**
 * PATCHes `Boot` (ComputerSystem.v1 Boot). Enabled is sent only when it changes, because some BMCs reject
 * re-setting it, except where the quirks table says otherwise (Supermicro always, AMI the full triple). When
 * the System's settings object carries Boot fields (iDRAC 10, Nokia, Lenovo SE450), the PATCH goes there.
 */
export async function setBootOverride(handle: SystemHandle, want: BootOverride, ctx: RequestContext): Promise<void> {
  const boot = bootOf(handle);
  const patch = bootPatch(boot, want, handle.quirks, handle.client.origin);
  if (Object.keys(patch).length === 0) return;
  const destination = await bootDestination(handle, ctx);
  await patchWithEtag(handle.client, destination.path, { Boot: patch }, destination.etag, ctx);
}

/** The fields to send; validates the target against the BMC's AllowableValues. */
export function bootPatch(boot: JsonObject, want: BootOverride, quirks: VendorQuirks, origin: string): JsonObject {
  checkAllowed(boot, 'BootSourceOverrideTarget', want.target, origin);
  checkAllowed(boot, 'BootSourceOverrideEnabled', want.enabled, origin);
  if (want.mode !== undefined && !('BootSourceOverrideMode' in boot)) {
    throw new UnsupportedDriverExtension(`BMC ${origin} does not report BootSourceOverrideMode; its boot mode cannot be set through Redfish.`);
  }
  const full = quirks.fullBootRequest;
  const patch: JsonObject = {};
  const target = want.target ?? (full ? stringAt(boot, 'BootSourceOverrideTarget') : undefined);
  if (target !== undefined) patch['BootSourceOverrideTarget'] = target;
  const enabled = want.enabled ?? (full ? stringAt(boot, 'BootSourceOverrideEnabled') : undefined);
  const sendEnabled = full || quirks.alwaysSendBootEnabled || enabled !== stringAt(boot, 'BootSourceOverrideEnabled');
  if (enabled !== undefined && sendEnabled) patch['BootSourceOverrideEnabled'] = enabled;
  const mode = want.mode ?? (full ? stringAt(boot, 'BootSourceOverrideMode') : undefined);
  if (mode !== undefined) patch['BootSourceOverrideMode'] = mode;
  return patch;
}

/**
 * Refuses a value outside `<property>@Redfish.AllowableValues`. Lenovo XCC allows only Once/Disabled for
 * Enabled: a persistent boot device is refused clearly rather than silently made one-time.
 */
function checkAllowed(boot: JsonObject, property: string, value: string | undefined, origin: string): void {
  const allowed = propertyAllowableValues(boot, property);
  if (value !== undefined && allowed && !allowed.includes(value)) {
    throw new InvalidParameterValue(`BMC ${origin} does not allow ${property} ${value} (allowed: ${allowed.join(', ')}).`);
  }
}

async function bootDestination(handle: SystemHandle, ctx: RequestContext): Promise<Pick<RedfishResource, 'path' | 'etag'>> {
  const settingsPath = linkAt(objectAt(handle.system.body, '@Redfish.Settings'), 'SettingsObject');
  if (settingsPath === undefined || settingsPath === handle.system.path) return handle.system;
  let settings: RedfishResource;
  try {
    settings = await handle.client.get(settingsPath, ctx);
  } catch (error) {
    if (hasHttpStatus(error, 404)) return handle.system; // a dangling settings link: write the System itself
    throw error;
  }
  const boot = objectAt(settings.body, 'Boot');
  return boot && BOOT_FIELDS.some((f) => f in boot) ? settings : handle.system;
}
