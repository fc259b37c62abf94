import { recordEvent, type EmulatorState } from './emulator-state.js';
import { isJsonObject, linksAt, objectAt, stringAt, stringsAt, type JsonObject } from './json-object.js';
import { lastSegment, parentPath } from './odata-path.js';
import { baseRegistryMessage, RedfishError, type RedfishMessage } from './redfish-error.js';
import type { Reply } from './reply.js';
import { owningSystem } from './resource-roles.js';
import { completeTask, createTask } from './tasks.js';
import { display } from './validate-patch.js';

/** Volume.RAIDType (Volume v1_10); a value is valid only if the controller lists it in SupportedRAIDTypes. */
const RAID_TYPES = [
  'RAID0',
  'RAID1',
  'RAID3',
  'RAID4',
  'RAID5',
  'RAID6',
  'RAID10',
  'RAID01',
  'RAID6TP',
  'RAID1E',
  'RAID50',
  'RAID60',
  'RAID00',
  'RAID10E',
  'RAID1Triple',
  'RAID10Triple',
  'None',
];
const MIN_DRIVES: Readonly<Record<string, number>> = {
  RAID0: 1,
  RAID1: 2,
  RAID5: 3,
  RAID6: 4,
  RAID10: 4,
  RAID1E: 3,
  RAID50: 6,
  RAID60: 8,
  RAID00: 2,
};
const CREATE_PROPERTIES = new Set([
  'Name',
  'DisplayName',
  'RAIDType',
  'VolumeType',
  'CapacityBytes',
  'Links',
  'Encrypted',
  'ReadCachePolicy',
  'WriteCachePolicy',
  'StripSizeBytes',
  'OptimumIOSizeBytes',
  'InitializeMethod',
  'Oem',
]);

/**
 * POST to a VolumeCollection (Swordfish/Redfish Volume create): 201 + Location for `Immediate`, or 202 + task
 * monitor when `@Redfish.OperationApplyTime` is `OnReset` (the volume appears at the system's next reset).
 */
export function createVolume(state: EmulatorState, collectionKey: string, body: JsonObject): Reply {
  const raidType = checkCreateBody(state, collectionKey, body);
  const applyTime = checkApplyTime(state, collectionKey, body);
  const id = freeId(state, collectionKey);
  const key = `${collectionKey}/${id}`;
  const drives = linksAt(objectAt(body, 'Links'), 'Drives');
  const volume: JsonObject = {
    '@odata.id': key,
    '@odata.type': '#Volume.v1_10_0.Volume',
    Id: id,
    Name: stringAt(body, 'Name') ?? `Volume ${id}`,
    Status: { State: 'Enabled', Health: 'OK' },
    RAIDType: raidType,
    CapacityBytes: typeof body.CapacityBytes === 'number' ? body.CapacityBytes : capacityOf(state, raidType, drives),
    Encrypted: body.Encrypted === true,
    Links: { Drives: drives.map((drive) => ({ '@odata.id': drive })) },
  };
  if (typeof body.VolumeType === 'string') volume.VolumeType = body.VolumeType;
  const create = (): void => {
    state.store.put(key, volume);
    state.store.addMember(collectionKey, key);
    recordEvent(state, { kind: 'volume-created', target: key, detail: raidType });
  };
  if (applyTime === 'Immediate') {
    create();
    return { status: 201, body: state.store.get(key) ?? volume, headers: { Location: key } };
  }
  return deferToReset(state, collectionKey, `Create volume ${id}`, create);
}

/** DELETE of a Volume, immediately (204) or at the next reset (202 + task monitor). */
export function deleteVolume(state: EmulatorState, key: string, body: JsonObject | undefined): Reply {
  const collectionKey = parentPath(key);
  const applyTime = checkApplyTime(state, collectionKey, body ?? {});
  const remove = (): void => {
    state.store.remove(key);
    state.store.removeMember(collectionKey, key);
    recordEvent(state, { kind: 'volume-deleted', target: key });
  };
  if (applyTime === 'Immediate') {
    remove();
    return { status: 204 };
  }
  return deferToReset(state, collectionKey, `Delete volume ${lastSegment(key)}`, remove);
}

function deferToReset(state: EmulatorState, collectionKey: string, name: string, work: () => void): Reply {
  const handle = createTask(state, { name, taskState: 'Pending' });
  state.runtime.pendingOnReset.push({
    systemPath: owningSystem(state.store, collectionKey),
    run: () => {
      work();
      completeTask(state, handle.taskKey, true, [baseRegistryMessage('Success')]);
    },
  });
  return { status: 202, body: state.store.get(handle.taskKey) ?? {}, headers: { Location: handle.monitor } };
}

function checkCreateBody(state: EmulatorState, collectionKey: string, body: JsonObject): string {
  const messages: RedfishMessage[] = [];
  for (const key of Object.keys(body)) {
    if (!key.includes('@') && !CREATE_PROPERTIES.has(key)) messages.push(baseRegistryMessage('PropertyUnknown', [key]));
  }
  const raidType = body.RAIDType ?? raidTypeOfVolumeType(body.VolumeType);
  if (raidType === undefined) messages.push(baseRegistryMessage('CreateFailedMissingReqProperties', ['RAIDType']));
  else if (typeof raidType !== 'string')
    messages.push(baseRegistryMessage('PropertyValueTypeError', [display(raidType), 'RAIDType']));
  else if (!supportedRaidTypes(state, collectionKey).includes(raidType))
    messages.push(baseRegistryMessage('PropertyValueNotInList', [raidType, 'RAIDType']));
  if (
    body.CapacityBytes !== undefined &&
    body.CapacityBytes !== null &&
    !(typeof body.CapacityBytes === 'number' && Number.isInteger(body.CapacityBytes) && body.CapacityBytes >= 0)
  ) {
    messages.push(baseRegistryMessage('PropertyValueTypeError', [display(body.CapacityBytes), 'CapacityBytes']));
  }
  if (body.Name !== undefined && typeof body.Name !== 'string')
    messages.push(baseRegistryMessage('PropertyValueTypeError', [display(body.Name), 'Name']));
  messages.push(...checkDrives(state, collectionKey, body, typeof raidType === 'string' ? raidType : undefined));
  if (messages.length > 0 || typeof raidType !== 'string') throw new RedfishError(400, messages);
  return raidType;
}

function checkDrives(
  state: EmulatorState,
  collectionKey: string,
  body: JsonObject,
  raidType: string | undefined,
): RedfishMessage[] {
  const links = body.Links;
  if (links !== undefined && (!isJsonObject(links) || (links.Drives !== undefined && !Array.isArray(links.Drives)))) {
    return [baseRegistryMessage('PropertyValueTypeError', [display(links), 'Links'])];
  }
  const drives = linksAt(isJsonObject(links) ? links : undefined, 'Drives');
  if (drives.length === 0) return [baseRegistryMessage('CreateFailedMissingReqProperties', ['Links/Drives'])];
  const known = new Set(linksAt(state.store.get(parentPath(collectionKey)), 'Drives'));
  const unknown = drives.filter((drive) => !known.has(drive) && state.store.resolve(drive) === undefined);
  const messages = unknown.map((drive) => baseRegistryMessage('PropertyValueNotInList', [drive, 'Links/Drives']));
  const minimum = raidType === undefined ? undefined : MIN_DRIVES[raidType];
  if (minimum !== undefined && drives.length < minimum)
    messages.push(baseRegistryMessage('ArraySizeTooShort', ['Links/Drives', String(minimum)]));
  return messages;
}

/** Storage.StorageControllers[].SupportedRAIDTypes (or Controllers), else every schema value. */
function supportedRaidTypes(state: EmulatorState, collectionKey: string): string[] {
  const storage = state.store.get(parentPath(collectionKey));
  const controllers = Array.isArray(storage?.StorageControllers) ? storage.StorageControllers : [];
  const listed = controllers.flatMap((controller) =>
    isJsonObject(controller) ? (stringsAt(controller, 'SupportedRAIDTypes') ?? []) : [],
  );
  return listed.length > 0 ? listed : RAID_TYPES;
}

/** `@Redfish.OperationApplyTime`, checked against the collection's `@Redfish.OperationApplyTimeSupport`. */
function checkApplyTime(state: EmulatorState, collectionKey: string, body: JsonObject): 'Immediate' | 'OnReset' {
  const requested = body['@Redfish.OperationApplyTime'] ?? 'Immediate';
  const support = objectAt(state.store.get(collectionKey), '@Redfish.OperationApplyTimeSupport');
  const supported = stringsAt(support, 'SupportedValues') ?? ['Immediate'];
  if (
    typeof requested !== 'string' ||
    !supported.includes(requested) ||
    (requested !== 'Immediate' && requested !== 'OnReset')
  ) {
    throw new RedfishError(400, [
      baseRegistryMessage('PropertyValueNotInList', [display(requested), '@Redfish.OperationApplyTime']),
    ]);
  }
  return requested;
}

function raidTypeOfVolumeType(volumeType: unknown): string | undefined {
  const map: Record<string, string> = {
    NonRedundant: 'RAID0',
    Mirrored: 'RAID1',
    StripedWithParity: 'RAID5',
    SpannedMirrors: 'RAID10',
    SpannedStripesWithParity: 'RAID50',
  };
  return typeof volumeType === 'string' ? map[volumeType] : undefined;
}

function capacityOf(state: EmulatorState, raidType: string, drives: string[]): number {
  const sizes = drives.map((drive) => {
    const key = state.store.resolve(drive);
    const size = key === undefined ? undefined : state.store.get(key)?.CapacityBytes;
    return typeof size === 'number' ? size : 0;
  });
  const smallest = Math.min(...sizes);
  const count = sizes.length;
  const dataDrives: Readonly<Record<string, number>> = {
    RAID0: count,
    RAID1: 1,
    RAID5: count - 1,
    RAID6: count - 2,
    RAID10: count / 2,
    RAID50: count - 2,
    RAID60: count - 4,
  };
  return Math.max(0, Math.floor((dataDrives[raidType] ?? 1) * smallest));
}

function freeId(state: EmulatorState, collectionKey: string): string {
  const used = new Set(linksAt(state.store.get(collectionKey), 'Members').map(lastSegment));
  let id = 1;
  while (used.has(String(id))) id += 1;
  return String(id);
}
