import { checkActionParameters } from './action-parameters.js';
import { recordEvent, type EmulatorState } from './emulator-state.js';
import { stringAt, type JsonObject } from './json-object.js';
import { baseRegistryMessage, redfishError, RedfishError } from './redfish-error.js';
import type { ActionRef } from './resource-roles.js';

const TRANSFER_PROTOCOL_TYPES = ['CIFS', 'FTP', 'SFTP', 'HTTP', 'HTTPS', 'NFS', 'SCP', 'TFTP', 'OEM'];

/**
 * VirtualMedia.InsertMedia (VirtualMedia v1_6): `Image` is required; `Inserted` and `WriteProtected` default to
 * true. A slot that already holds media answers 409 ResourceInUse, so clients eject first (as Ironic does).
 */
export function insertMedia(state: EmulatorState, ref: ActionRef, body: JsonObject): void {
  checkActionParameters(state.store, ref, body, {
    Image: { type: 'string', required: true },
    Inserted: { type: 'boolean' },
    WriteProtected: { type: 'boolean' },
    TransferProtocolType: { type: 'string', values: TRANSFER_PROTOCOL_TYPES },
    TransferMethod: { type: 'string', values: ['Stream', 'Upload'] },
    UserName: { type: 'string' },
    Password: { type: 'string' },
  });
  if (state.switches.requireTransferProtocolType && body.TransferProtocolType === undefined) {
    throw new RedfishError(400, [baseRegistryMessage('ActionParameterMissing', [ref.name, 'TransferProtocolType'])]);
  }
  const image = stringAt(body, 'Image') ?? '';
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(image) && body.TransferProtocolType === undefined) {
    throw new RedfishError(400, [baseRegistryMessage('ActionParameterValueError', ['Image', ref.name])]);
  }
  const slot = state.store.get(ref.owner);
  if (slot?.Inserted === true && typeof slot.Image === 'string' && slot.Image !== '')
    throw redfishError(409, 'ResourceInUse');
  state.store.update(ref.owner, (media) => {
    loadMedia(media, image);
    media.Inserted = body.Inserted ?? true;
    media.WriteProtected = body.WriteProtected ?? true;
    if (typeof body.TransferProtocolType === 'string') media.TransferProtocolType = body.TransferProtocolType;
    if (typeof body.TransferMethod === 'string' && 'TransferMethod' in media)
      media.TransferMethod = body.TransferMethod;
  });
  recordEvent(state, { kind: 'media-inserted', target: ref.owner, detail: image });
}

/** VirtualMedia.EjectMedia: always succeeds; an empty slot stays empty. */
export function ejectMedia(state: EmulatorState, ref: ActionRef, body: JsonObject): void {
  checkActionParameters(state.store, ref, body, {});
  state.store.update(ref.owner, unloadMedia);
  recordEvent(state, { kind: 'media-ejected', target: ref.owner });
}

/**
 * After a PATCH of Image/Inserted (the PATCH way to insert media, Lenovo XCC): `Image: null` or `Inserted: false`
 * ejects, a new Image inserts. Keeps the related properties consistent, as a BMC would report them.
 */
export function settleMediaPatch(state: EmulatorState, key: string, patch: JsonObject): void {
  if (patch.Image === null || patch.Inserted === false) {
    state.store.update(key, unloadMedia);
    recordEvent(state, { kind: 'media-ejected', target: key });
  } else if (typeof patch.Image === 'string') {
    const image = patch.Image;
    state.store.update(key, (media) => {
      loadMedia(media, image);
      media.Inserted = patch.Inserted ?? true;
    });
    recordEvent(state, { kind: 'media-inserted', target: key, detail: image });
  }
}

function loadMedia(media: JsonObject, image: string): void {
  media.Image = image;
  if ('ImageName' in media) media.ImageName = image.slice(image.lastIndexOf('/') + 1);
  if ('ConnectedVia' in media) media.ConnectedVia = 'URI';
}

function unloadMedia(media: JsonObject): void {
  media.Image = null;
  media.Inserted = false;
  if ('ImageName' in media) media.ImageName = null;
  if ('ConnectedVia' in media) media.ConnectedVia = 'NotConnected';
}
