import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '../json-object.js';

const S = '/redfish/v1/Systems/1';
const link = (id: string): JsonObject => ({ '@odata.id': id });
const collection = (id: string, type: string, members: string[], extra: JsonObject = {}): JsonObject => ({
  '@odata.id': id,
  '@odata.type': `#${type}.${type}`,
  Name: type,
  'Members@odata.count': members.length,
  Members: members.map(link),
  ...extra,
});

/**
 * A small DMTF-style mockup with one system and every feature the emulator models, so unit tests do not depend
 * on shared/redfish-mockups. Written in Redfish terms from the schemas, not copied from any mockup.
 */
export const tinyMockup: Readonly<Record<string, JsonObject>> = {
  '/redfish/v1': {
    '@odata.id': '/redfish/v1',
    '@odata.type': '#ServiceRoot.v1_15_0.ServiceRoot',
    Id: 'RootService',
    RedfishVersion: '1.17.0',
    Systems: link('/redfish/v1/Systems'),
    Managers: link('/redfish/v1/Managers'),
    UpdateService: link('/redfish/v1/UpdateService'),
  },
  '/redfish/v1/Systems': collection('/redfish/v1/Systems', 'ComputerSystemCollection', [S]),
  [S]: {
    '@odata.id': S,
    '@odata.type': '#ComputerSystem.v1_20_0.ComputerSystem',
    Id: '1',
    Name: 'tiny',
    AssetTag: 'rack-1',
    IndicatorLED: 'Off',
    PowerState: 'On',
    BiosVersion: '1.0.0',
    Boot: {
      BootSourceOverrideEnabled: 'Disabled',
      BootSourceOverrideTarget: 'None',
      'BootSourceOverrideTarget@Redfish.AllowableValues': ['None', 'Pxe', 'Hdd', 'Cd'],
      BootSourceOverrideMode: 'UEFI',
    },
    Bios: link(`${S}/Bios`),
    Storage: link(`${S}/Storage`),
    VirtualMedia: link(`${S}/VirtualMedia`),
    Actions: {
      '#ComputerSystem.Reset': {
        target: `${S}/Actions/ComputerSystem.Reset`,
        'ResetType@Redfish.AllowableValues': ['On', 'ForceOff', 'GracefulShutdown', 'ForceRestart', 'Nmi'],
      },
    },
  },
  [`${S}/Bios`]: {
    '@odata.id': `${S}/Bios`,
    '@odata.type': '#Bios.v1_2_0.Bios',
    Id: 'Bios',
    Attributes: { BootMode: 'Uefi', ProcTurboMode: 'Enabled', ProcCoreDisable: 0 },
    ResetBiosToDefaultsPending: false,
    '@Redfish.Settings': {
      SettingsObject: link(`${S}/Bios/Settings`),
      ETag: 'stale',
      SupportedApplyTimes: ['OnReset'],
    },
    Actions: { '#Bios.ResetBios': { target: `${S}/Bios/Actions/Bios.ResetBios` } },
  },
  [`${S}/Bios/Settings`]: {
    '@odata.id': `${S}/Bios/Settings`,
    '@odata.type': '#Bios.v1_2_0.Bios',
    Id: 'Settings',
    Attributes: {},
  },
  [`${S}/Storage`]: collection(`${S}/Storage`, 'StorageCollection', [`${S}/Storage/1`]),
  [`${S}/Storage/1`]: {
    '@odata.id': `${S}/Storage/1`,
    '@odata.type': '#Storage.v1_15_0.Storage',
    Id: '1',
    StorageControllers: [{ MemberId: '0', SupportedRAIDTypes: ['RAID0', 'RAID1'] }],
    Drives: [link(`${S}/Storage/1/Drives/d1`), link(`${S}/Storage/1/Drives/d2`)],
    Volumes: link(`${S}/Storage/1/Volumes`),
  },
  [`${S}/Storage/1/Drives/d1`]: {
    '@odata.id': `${S}/Storage/1/Drives/d1`,
    '@odata.type': '#Drive.v1_16_0.Drive',
    Id: 'd1',
    CapacityBytes: 1000,
  },
  [`${S}/Storage/1/Drives/d2`]: {
    '@odata.id': `${S}/Storage/1/Drives/d2`,
    '@odata.type': '#Drive.v1_16_0.Drive',
    Id: 'd2',
    CapacityBytes: 2000,
  },
  [`${S}/Storage/1/Volumes`]: collection(`${S}/Storage/1/Volumes`, 'VolumeCollection', [], {
    '@Redfish.OperationApplyTimeSupport': { SupportedValues: ['Immediate', 'OnReset'] },
  }),
  [`${S}/VirtualMedia`]: collection(`${S}/VirtualMedia`, 'VirtualMediaCollection', [`${S}/VirtualMedia/CD1`]),
  [`${S}/VirtualMedia/CD1`]: {
    '@odata.id': `${S}/VirtualMedia/CD1`,
    '@odata.type': '#VirtualMedia.v1_6_0.VirtualMedia',
    Id: 'CD1',
    MediaTypes: ['CD', 'DVD'],
    Image: null,
    Inserted: false,
    WriteProtected: true,
    ConnectedVia: 'NotConnected',
    Actions: {
      '#VirtualMedia.InsertMedia': { target: `${S}/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia` },
      '#VirtualMedia.EjectMedia': { target: `${S}/VirtualMedia/CD1/Actions/VirtualMedia.EjectMedia` },
    },
  },
  '/redfish/v1/Managers': collection('/redfish/v1/Managers', 'ManagerCollection', ['/redfish/v1/Managers/BMC']),
  '/redfish/v1/Managers/BMC': {
    '@odata.id': '/redfish/v1/Managers/BMC',
    '@odata.type': '#Manager.v1_10_0.Manager',
    Id: 'BMC',
    ManagerType: 'BMC',
    FirmwareVersion: '2.0.0',
  },
  '/redfish/v1/UpdateService': {
    '@odata.id': '/redfish/v1/UpdateService',
    '@odata.type': '#UpdateService.v1_11_0.UpdateService',
    Id: 'UpdateService',
    FirmwareInventory: link('/redfish/v1/UpdateService/FirmwareInventory'),
    Actions: {
      '#UpdateService.SimpleUpdate': {
        target: '/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate',
        '@Redfish.ActionInfo': '/redfish/v1/UpdateService/SimpleUpdateActionInfo',
      },
    },
  },
  '/redfish/v1/UpdateService/SimpleUpdateActionInfo': {
    '@odata.id': '/redfish/v1/UpdateService/SimpleUpdateActionInfo',
    '@odata.type': '#ActionInfo.v1_3_0.ActionInfo',
    Id: 'SimpleUpdateActionInfo',
    Parameters: [
      { Name: 'ImageURI', Required: true, DataType: 'String' },
      { Name: 'TransferProtocol', Required: false, DataType: 'String', AllowableValues: ['HTTP', 'HTTPS'] },
      { Name: 'Targets', Required: false, DataType: 'StringArray' },
    ],
  },
  '/redfish/v1/UpdateService/FirmwareInventory': collection(
    '/redfish/v1/UpdateService/FirmwareInventory',
    'SoftwareInventoryCollection',
    ['/redfish/v1/UpdateService/FirmwareInventory/BIOS', '/redfish/v1/UpdateService/FirmwareInventory/BMC'],
  ),
  '/redfish/v1/UpdateService/FirmwareInventory/BIOS': {
    '@odata.id': '/redfish/v1/UpdateService/FirmwareInventory/BIOS',
    '@odata.type': '#SoftwareInventory.v1_9_0.SoftwareInventory',
    Id: 'BIOS',
    Name: 'System BIOS',
    Version: '1.0.0',
    Updateable: true,
  },
  '/redfish/v1/UpdateService/FirmwareInventory/BMC': {
    '@odata.id': '/redfish/v1/UpdateService/FirmwareInventory/BMC',
    '@odata.type': '#SoftwareInventory.v1_9_0.SoftwareInventory',
    Id: 'BMC',
    Name: 'BMC firmware',
    Version: '2.0.0',
    Updateable: true,
  },
};

/** Writes `resources` as a DMTF mockup tree (one `index.json` per URI) into a new temporary directory. */
export function writeTreeMockup(resources: Readonly<Record<string, JsonObject>> = tinyMockup): string {
  const root = mkdtempSync(join(tmpdir(), 'redfish-mockup-'));
  for (const [uri, body] of Object.entries(resources)) {
    const dir = join(root, uri.replace(/^\/redfish\/v1/, ''));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.json'), JSON.stringify(body, null, 2));
  }
  return root;
}
