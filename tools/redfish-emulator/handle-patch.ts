import { allowedMethods, patchTarget } from './allowed-methods.js';
import { applySettings, syncSettingsEtag } from './apply-on-reset.js';
import type { EmulatorState } from './emulator-state.js';
import { objectAt, stringsAt, type JsonObject } from './json-object.js';
import { bootRequestOf } from './power-control.js';
import { checkPrecondition } from './precondition.js';
import { baseRegistryMessage, RedfishError, redfishError } from './redfish-error.js';
import type { Reply, RequestContext } from './reply.js';
import { resourceType, settingsOwner } from './resource-roles.js';
import { display, mergeInto, validatePatch } from './validate-patch.js';
import { settleMediaPatch } from './virtual-media.js';

/**
 * PATCH (DSP0266 §7.6): checks If-Match, then every property against the writable ones. All rejected: 400 with
 * one message each. Some rejected: the accepted ones are applied and the 200 body lists the others in
 * `@Message.ExtendedInfo`. A settings object stores the values until the next reset, unless the body asks for
 * `@Redfish.SettingsApplyTime: {"ApplyTime": "Immediate"}` and the owner supports it.
 */
export async function handlePatch(ctx: RequestContext): Promise<Reply> {
  const { state, key } = ctx;
  if (key === undefined) throw redfishError(404, 'ResourceMissingAtURI', [ctx.path]);
  const target = patchTarget(state, key);
  if (target === undefined)
    throw redfishError(405, 'OperationNotAllowed', [], { Allow: allowedMethods(state, key).join(', ') });
  checkPrecondition(state, key, ctx.headers, 'PATCH');
  const body = ctx.body;
  if (body === undefined || Object.keys(body).length === 0) throw redfishError(400, 'EmptyJSON');
  const applyTime = target.isSettingsObject ? settingsApplyTime(state, key, body) : undefined;
  const verdict = validatePatch(target.rules, body, state.store.get(target.validateAgainst) ?? {});
  if (Object.keys(verdict.accepted).length === 0) {
    throw new RedfishError(400, verdict.rejected.length > 0 ? verdict.rejected : [baseRegistryMessage('EmptyJSON')]);
  }
  state.store.update(key, (resource) => mergeInto(resource, verdict.accepted));
  await afterPatch(state, key, verdict.accepted, applyTime);
  const updated: JsonObject = { ...(state.store.get(key) ?? {}) };
  if (verdict.rejected.length > 0) updated['@Message.ExtendedInfo'] = verdict.rejected;
  return { status: 200, body: updated, headers: { ETag: state.store.etag(key) ?? '' } };
}

async function afterPatch(
  state: EmulatorState,
  key: string,
  accepted: JsonObject,
  applyTime: string | undefined,
): Promise<void> {
  const owner = settingsOwner(state.store, key);
  if (owner !== undefined) {
    if (applyTime === 'Immediate') applySettings(state, owner, key);
    syncSettingsEtag(state, owner);
    return;
  }
  const type = resourceType(state.store, key);
  if (type === 'VirtualMedia') settleMediaPatch(state, key, accepted);
  if (type === 'ComputerSystem' && objectAt(accepted, 'Boot') !== undefined && state.machine?.systemPath === key) {
    await state.machine.setBootOverride(bootRequestOf(state, key));
  }
}

/**
 * `@Redfish.SettingsApplyTime.ApplyTime` (Settings v1_3): must be one of the owner's
 * `@Redfish.Settings.SupportedApplyTimes` when it lists them; OnReset when absent.
 */
function settingsApplyTime(state: EmulatorState, key: string, body: JsonObject): string {
  const requested = body['@Redfish.SettingsApplyTime'];
  if (requested === undefined) return 'OnReset';
  const applyTime = objectAt(body, '@Redfish.SettingsApplyTime')?.ApplyTime;
  const owner = settingsOwner(state.store, key);
  const supported = stringsAt(objectAt(state.store.get(owner ?? ''), '@Redfish.Settings'), 'SupportedApplyTimes') ?? [
    'OnReset',
    'Immediate',
  ];
  if (typeof applyTime !== 'string' || !supported.includes(applyTime)) {
    throw new RedfishError(400, [
      baseRegistryMessage('PropertyValueNotInList', [
        display(applyTime ?? requested),
        '@Redfish.SettingsApplyTime/ApplyTime',
      ]),
    ]);
  }
  return applyTime;
}
