import { checkActionParameters } from './action-parameters.js';
import { recordEvent, type EmulatorState } from './emulator-state.js';
import { linkAt, linksAt, stringAt, stringsAt, type JsonObject } from './json-object.js';
import { baseRegistryMessage, RedfishError, type RedfishMessage } from './redfish-error.js';
import type { Reply } from './reply.js';
import { resourceType, systemKeys, type ActionRef } from './resource-roles.js';
import { createTask, runTask } from './tasks.js';

const TRANSFER_PROTOCOLS = ['CIFS', 'FTP', 'SFTP', 'HTTP', 'HTTPS', 'NSF', 'NFS', 'SCP', 'TFTP', 'OEM'];

/**
 * UpdateService.SimpleUpdate (UpdateService v1_11): validates the request, answers 202 with a task monitor in
 * `Location` (DSP0266 §7.11), and after the task delay sets the new version on the updated FirmwareInventory
 * items, on System.BiosVersion for BIOS images and on Manager.FirmwareVersion for BMC images.
 */
export function simpleUpdate(state: EmulatorState, ref: ActionRef, body: JsonObject): Reply {
  checkActionParameters(state.store, ref, body, {
    ImageURI: { type: 'string', required: true },
    TransferProtocol: { type: 'string', values: TRANSFER_PROTOCOLS },
    Targets: { type: 'strings' },
    Username: { type: 'string' },
    Password: { type: 'string' },
    ForceUpdate: { type: 'boolean' },
    Stage: { type: 'boolean' },
    ExcludeTargets: { type: 'strings' },
  });
  const image = stringAt(body, 'ImageURI') ?? '';
  // "If the URI does not contain a scheme, TransferProtocol is required" (UpdateService.SimpleUpdate ImageURI).
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(image) && body.TransferProtocol === undefined) {
    throw new RedfishError(400, [baseRegistryMessage('ActionParameterMissing', [ref.name, 'TransferProtocol'])]);
  }
  const targets = stringsAt(body, 'Targets') ?? [];
  const unknown = targets.filter((target) => state.store.resolve(target) === undefined);
  if (unknown.length > 0)
    throw new RedfishError(400, [baseRegistryMessage('ActionParameterValueError', ['Targets', ref.name])]);
  const { Password: _secret, ...shown } = body;
  const handle = createTask(state, {
    name: `Update with ${image}`,
    taskState: 'Running',
    payload: {
      TargetUri: stringAt(ref.action, 'target') ?? '',
      HttpOperation: 'POST',
      JsonBody: JSON.stringify(shown),
      HttpHeaders: [],
    },
  });
  runTask(state, handle.taskKey, () => applyImage(state, image, targets));
  return {
    status: 202,
    body: state.store.get(handle.taskKey) ?? {},
    headers: { Location: handle.monitor, 'Retry-After': '1' },
  };
}

function applyImage(
  state: EmulatorState,
  image: string,
  targets: string[],
): { ok: boolean; messages: RedfishMessage[] } {
  const items = chooseItems(state, image, targets);
  const messages: RedfishMessage[] = [];
  for (const item of items) {
    const current = stringAt(state.store.get(item), 'Version') ?? '0';
    const version = versionFor(image, current);
    state.store.update(item, (body) => void (body.Version = version));
    const label = `${stringAt(state.store.get(item), 'Id') ?? ''} ${stringAt(state.store.get(item), 'Name') ?? ''}`;
    if (/bios|uefi/i.test(label)) setEverywhere(state, 'ComputerSystem', 'BiosVersion', version);
    if (/bmc|idrac|ilo|xcc|manager/i.test(label)) setEverywhere(state, 'Manager', 'FirmwareVersion', version);
    recordEvent(state, { kind: 'firmware-updated', target: item, detail: version });
    messages.push({ ...baseRegistryMessage('Success'), MessageArgs: [item, image] });
  }
  return { ok: true, messages };
}

/** Inventory items named in Targets, else those the image name points at (bios/bmc), else the first updateable. */
function chooseItems(state: EmulatorState, image: string, targets: string[]): string[] {
  const inventory = inventoryItems(state);
  const named = targets.flatMap((target) => {
    const key = state.store.resolve(target);
    return key !== undefined && inventory.includes(key) ? [key] : [];
  });
  if (named.length > 0) return named;
  const updateable = inventory.filter((key) => state.store.get(key)?.Updateable !== false);
  const file = image.slice(image.lastIndexOf('/') + 1).toLowerCase();
  const kind = /bios|uefi/.test(file)
    ? /bios|uefi/i
    : /bmc|idrac|ilo|xcc/.test(file)
      ? /bmc|idrac|ilo|xcc|manager/i
      : undefined;
  const matching =
    kind === undefined
      ? []
      : updateable.filter((key) =>
          kind.test(`${stringAt(state.store.get(key), 'Id') ?? ''} ${stringAt(state.store.get(key), 'Name') ?? ''}`),
        );
  return matching.length > 0 ? matching : updateable.slice(0, 1);
}

function inventoryItems(state: EmulatorState): string[] {
  const service = state.store.resolve(
    linkAt(state.store.get('/redfish/v1'), 'UpdateService') ?? '/redfish/v1/UpdateService',
  );
  const inventory =
    service === undefined
      ? undefined
      : state.store.resolve(linkAt(state.store.get(service), 'FirmwareInventory') ?? '');
  if (inventory === undefined) return [];
  return linksAt(state.store.get(inventory), 'Members').flatMap((member) => {
    const key = state.store.resolve(member);
    return key === undefined ? [] : [key];
  });
}

/** The version in the image file name (`bios-2.4.1.bin`), else the current one with its last number raised. */
export function versionFor(image: string, current: string): string {
  const file = image.slice(image.lastIndexOf('/') + 1);
  const named = /\d+(?:\.\d+)+/.exec(file)?.[0];
  if (named !== undefined) return named;
  const match = /(\d+)(?!.*\d)/.exec(current);
  if (match?.[1] === undefined) return `${current}.1`;
  return `${current.slice(0, match.index)}${Number(match[1]) + 1}${current.slice(match.index + match[1].length)}`;
}

function setEverywhere(state: EmulatorState, type: string, property: string, value: string): void {
  const keys =
    type === 'ComputerSystem'
      ? systemKeys(state.store)
      : state.store.keys().filter((key) => resourceType(state.store, key) === type);
  for (const key of keys) {
    if (property in (state.store.get(key) ?? {})) state.store.update(key, (body) => void (body[property] = value));
  }
}
