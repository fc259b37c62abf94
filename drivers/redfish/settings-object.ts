import type { JsonObject } from '../../core/index.js';
import { patchWithEtag } from './etag-patch.js';
import { linkAt, objectAt, stringAt, stringsAt } from './json-fields.js';
import type { RedfishClient, RedfishResource, RedfishResponse, RequestContext } from './redfish-client.js';
import { hasHttpStatus } from './redfish-failure.js';

/** Redfish apply times (Settings.v1 ApplyTime) we ask for. */
export type ApplyTime = 'Immediate' | 'OnReset' | 'AtMaintenanceWindowStart' | 'InMaintenanceWindowOnReset';

/** Where a change to `resource` must go, and how (DSP0266 §9.9 "Settings resource"). */
export interface SettingsTarget {
  /** The SettingsObject URI, or the resource itself when it has none. */
  path: string;
  /** The ETag to send: `@Redfish.Settings.ETag` (sushy uses the annotation, not the header), else the target's. */
  etag: string | undefined;
  /** Apply times the BMC lists in `@Redfish.Settings.SupportedApplyTimes`; empty when it does not say. */
  supportedApplyTimes: string[];
  /** True when the change goes to a separate settings object (applied on the next reset, typically). */
  isSettingsObject: boolean;
}

/** Finds where changes to `resource` are written; reads the settings object only to learn its ETag. */
export async function settingsTarget(client: RedfishClient, resource: RedfishResource, ctx: RequestContext): Promise<SettingsTarget> {
  const settings = objectAt(resource.body, '@Redfish.Settings');
  const object = linkAt(settings, 'SettingsObject');
  const supportedApplyTimes = stringsAt(settings, 'SupportedApplyTimes');
  if (object === undefined || object === resource.path) {
    return { path: resource.path, etag: resource.etag, supportedApplyTimes, isSettingsObject: false };
  }
  const annotated = stringAt(settings, 'ETag');
  if (annotated !== undefined && annotated !== '') return { path: object, etag: annotated, supportedApplyTimes, isSettingsObject: true };
  try {
    return { path: object, etag: (await client.get(object, ctx)).etag, supportedApplyTimes, isSettingsObject: true };
  } catch (error) {
    if (!hasHttpStatus(error, 404)) throw error;
    // A settings link that leads nowhere: write the resource itself, as BMCs without settings objects expect.
    ctx.log?.warn({ bmc: client.origin, settings: object }, 'redfish settings object missing; writing the resource itself');
    return { path: resource.path, etag: resource.etag, supportedApplyTimes, isSettingsObject: false };
  }
}

/**
 * Writes `changes` through the resource's settings object (`@Redfish.Settings.SettingsObject`: DMTF
 * `Bios/Settings`, iLO `bios/settings/`, Lenovo `Bios/Pending`, AMI `SD`), adding
 * `@Redfish.SettingsApplyTime` only when the BMC lists the wanted apply time as supported.
 */
export async function applySettings(
  client: RedfishClient, resource: RedfishResource, changes: JsonObject, applyTime: ApplyTime, ctx: RequestContext,
): Promise<{ target: SettingsTarget; response: RedfishResponse }> {
  const target = await settingsTarget(client, resource, ctx);
  const body: JsonObject = target.supportedApplyTimes.includes(applyTime)
    ? { ...changes, '@Redfish.SettingsApplyTime': { ApplyTime: applyTime } }
    : changes;
  const response = await patchWithEtag(client, target.path, body, target.etag, ctx);
  return { target, response };
}
