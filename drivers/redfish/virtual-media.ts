import { UnsupportedDriverExtension, type JsonObject } from '../../core/index.js';
import { findAction } from './allowable-values.js';
import { patchWithEtag } from './etag-patch.js';
import { booleanAt, linkAt, linksAt, memberLinks, objectAt, stringAt, stringsAt } from './json-fields.js';
import type { RedfishClient, RedfishResource, RequestContext } from './redfish-client.js';
import { hasHttpStatus, httpFailureOf } from './redfish-failure.js';

/** Kinds of virtual media Ironic attaches; a CD request may use a DVD-only slot (redfish.md §1). */
export type MediaKind = 'cd' | 'floppy' | 'usb';

const MEDIA_TYPES: Readonly<Record<MediaKind, readonly string[]>> = { cd: ['CD', 'DVD'], floppy: ['Floppy'], usb: ['USBStick'] };

/**
 * The VirtualMedia slots of a System: its own `VirtualMedia` collection (newer services, iDRAC 10, DMTF
 * rackmount1), else those of the Managers that manage it (iLO, older iDRAC, AMI, Lenovo, DMTF localstorage).
 */
export async function virtualMediaSlots(client: RedfishClient, system: RedfishResource, ctx: RequestContext): Promise<RedfishResource[]> {
  const own = linkAt(system.body, 'VirtualMedia');
  const collections = own !== undefined ? [own] : [];
  if (collections.length === 0) {
    for (const managerPath of linksAt(objectAt(system.body, 'Links'), 'ManagedBy')) {
      const path = linkAt((await client.get(managerPath, ctx)).body, 'VirtualMedia');
      if (path !== undefined) collections.push(path);
    }
  }
  const slots: RedfishResource[] = [];
  for (const collection of collections) {
    for (const path of memberLinks((await client.get(collection, ctx)).body)) slots.push(await client.get(path, ctx));
  }
  return slots;
}

/** Slots that take `kind`. */
export function slotsFor(slots: RedfishResource[], kind: MediaKind): RedfishResource[] {
  return slots.filter((s) => stringsAt(s.body, 'MediaTypes').some((t) => MEDIA_TYPES[kind].includes(t)));
}

/** True when a slot holds an image. */
export function isInserted(slot: JsonObject): boolean {
  const image = stringAt(slot, 'Image');
  return booleanAt(slot, 'Inserted') === true || (image !== undefined && image !== '');
}

/**
 * Inserts `imageUrl` into the first slot of `kind` that takes it: ejects first, skips slots that refuse
 * (400/405: Cisco UCS and OpenBMC KVM-only slots) and reports the last refusal when all do.
 */
export async function insertIntoFirstSlot(client: RedfishClient, slots: RedfishResource[], kind: MediaKind, imageUrl: string, ctx: RequestContext): Promise<string> {
  let lastError: unknown = new UnsupportedDriverExtension(`BMC ${client.origin} has no virtual media slot for ${kind}.`);
  for (const slot of slotsFor(slots, kind)) {
    try {
      if (isInserted(slot.body)) await ejectMedia(client, slot, ctx);
      await insertMedia(client, await client.get(slot.path, ctx), imageUrl, ctx);
      return slot.path;
    } catch (error) {
      if (!hasHttpStatus(error, 400, 405) && !(error instanceof UnsupportedDriverExtension)) throw error;
      ctx.log?.warn({ bmc: client.origin, slot: slot.path }, 'redfish virtual media slot refused the image; trying the next');
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * `#VirtualMedia.InsertMedia {"Image": url}`. Inserted/WriteProtected are left at their default (true)
 * because Supermicro X11/X12 reject them. Nokia demands TransferProtocolType: when the BMC names it as a
 * missing parameter, the insert is retried once with it. Without the action, a slot that allows PATCH gets
 * `Image`/`Inserted` written directly (Lenovo SD530).
 */
export async function insertMedia(client: RedfishClient, slot: RedfishResource, imageUrl: string, ctx: RequestContext): Promise<void> {
  const action = findAction(slot, '#VirtualMedia.InsertMedia');
  if (action) {
    try {
      await client.send('POST', action.target, { body: { Image: imageUrl } }, ctx);
    } catch (error) {
      if (!namesMissing(error, 'TransferProtocolType')) throw error;
      const protocol = new URL(imageUrl).protocol === 'https:' ? 'HTTPS' : 'HTTP';
      await client.send('POST', action.target, { body: { Image: imageUrl, TransferProtocolType: protocol } }, ctx);
    }
    return;
  }
  if (slot.allow?.includes('PATCH')) {
    await patchWithEtag(client, slot.path, { Image: imageUrl, Inserted: true, WriteProtected: true }, slot.etag, ctx);
    return;
  }
  throw new UnsupportedDriverExtension(`Virtual media slot ${slot.path} on BMC ${client.origin} offers no InsertMedia action.`);
}

/** `#VirtualMedia.EjectMedia` with an empty object body (iLO needs one), or a PATCH clearing the image. */
export async function ejectMedia(client: RedfishClient, slot: RedfishResource, ctx: RequestContext): Promise<void> {
  if (!isInserted(slot.body)) return;
  const action = findAction(slot, '#VirtualMedia.EjectMedia');
  if (action) {
    await client.send('POST', action.target, { body: {} }, ctx);
    return;
  }
  if (slot.allow?.includes('PATCH')) {
    await patchWithEtag(client, slot.path, { Image: null, Inserted: false }, slot.etag, ctx);
    return;
  }
  throw new UnsupportedDriverExtension(`Virtual media slot ${slot.path} on BMC ${client.origin} offers no EjectMedia action.`);
}

/** True when the BMC's error names `parameter` as missing (ActionParameterMissing / PropertyMissing args). */
function namesMissing(error: unknown, parameter: string): boolean {
  const failure = httpFailureOf(error);
  return failure?.status === 400 && failure.messages.some((m) => /Missing/.test(m.messageId) && m.args.includes(parameter));
}
