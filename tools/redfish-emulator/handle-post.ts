import { checkActionParameters } from './action-parameters.js';
import { allowedMethods } from './allowed-methods.js';
import { recordEvent } from './emulator-state.js';
import type { JsonObject } from './json-object.js';
import { isResetType, resetSystem, RESET_TYPES } from './power-control.js';
import { redfishError } from './redfish-error.js';
import { noContent, type Reply, type RequestContext } from './reply.js';
import { findAction, resourceType, type ActionRef } from './resource-roles.js';
import { createSession } from './sessions.js';
import { simpleUpdate } from './simple-update.js';
import { createVolume } from './volumes.js';
import { ejectMedia, insertMedia } from './virtual-media.js';

/**
 * POST (DSP0266 §7.8 create, §7.10 actions): to a Sessions or Volumes collection creates a member; to an action
 * target runs the action. Actions the emulator does not model are validated and answer 204, like a BMC that
 * accepted them.
 */
export async function handlePost(ctx: RequestContext): Promise<Reply> {
  const { state, key } = ctx;
  const type = key === undefined ? undefined : resourceType(state.store, key);
  if (key !== undefined && type === 'SessionCollection') return createSession(state, key, ctx.body);
  if (key !== undefined && type === 'VolumeCollection') {
    if (ctx.body === undefined || Object.keys(ctx.body).length === 0) throw redfishError(400, 'EmptyJSON');
    return createVolume(state, key, ctx.body);
  }
  const ref = findAction(state.store, ctx.path, state.switches.caseInsensitivePaths);
  if (ref !== undefined) return runAction(ctx, ref, ctx.body ?? {});
  if (key !== undefined)
    throw redfishError(405, 'OperationNotAllowed', [], { Allow: allowedMethods(state, key).join(', ') });
  throw redfishError(404, 'ResourceMissingAtURI', [ctx.path]);
}

async function runAction(ctx: RequestContext, ref: ActionRef, body: JsonObject): Promise<Reply> {
  const { state } = ctx;
  switch (ref.name) {
    case 'ComputerSystem.Reset': {
      checkActionParameters(state.store, ref, body, {
        ResetType: { type: 'string', required: true, values: RESET_TYPES },
      });
      const resetType = typeof body.ResetType === 'string' ? body.ResetType : '';
      if (isResetType(resetType)) await resetSystem(state, ref.owner, resetType);
      return noContent;
    }
    case 'VirtualMedia.InsertMedia':
      insertMedia(state, ref, body);
      return noContent;
    case 'VirtualMedia.EjectMedia':
      ejectMedia(state, ref, body);
      return noContent;
    case 'UpdateService.SimpleUpdate':
      return simpleUpdate(state, ref, body);
    case 'Bios.ResetBios':
      checkActionParameters(state.store, ref, body, {});
      state.runtime.biosResetPending.add(ref.owner);
      state.store.update(ref.owner, (bios) => {
        if ('ResetBiosToDefaultsPending' in bios) bios.ResetBiosToDefaultsPending = true;
      });
      recordEvent(state, { kind: 'bios-reset-requested', target: ref.owner });
      return noContent;
    default:
      checkActionParameters(state.store, ref, body);
      recordEvent(state, { kind: 'action', target: ref.owner, detail: ref.name });
      return noContent;
  }
}
