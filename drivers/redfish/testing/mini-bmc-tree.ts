import type { JsonObject } from '../../../core/index.js';

const S = '/redfish/v1/Systems/1';
const link = (path: string): JsonObject => ({ '@odata.id': path });
const collection = (path: string, members: string[]): JsonObject => ({
  '@odata.id': path, Name: 'Collection', 'Members@odata.count': members.length, Members: members.map(link),
});

/**
 * A small but complete Redfish service (one System, DMTF-shaped, written for these tests): enough for every
 * interface, so unit tests and contract suites run without the shared mockups.
 */
export function miniBmcTree(): Record<string, JsonObject> {
  return {
    '/redfish/v1': {
      '@odata.id': '/redfish/v1', RedfishVersion: '1.15.0', Systems: link('/redfish/v1/Systems'), Managers: link('/redfish/v1/Managers'),
      UpdateService: link('/redfish/v1/UpdateService'), SessionService: link('/redfish/v1/SessionService'),
      Links: { Sessions: link('/redfish/v1/SessionService/Sessions') },
    },
    '/redfish/v1/SessionService': { '@odata.id': '/redfish/v1/SessionService', Sessions: link('/redfish/v1/SessionService/Sessions') },
    '/redfish/v1/SessionService/Sessions': collection('/redfish/v1/SessionService/Sessions', []),
    '/redfish/v1/Systems': collection('/redfish/v1/Systems', [S]),
    [S]: {
      '@odata.id': S, Id: '1', Manufacturer: 'Contoso', Model: 'Mini 1', SerialNumber: 'MINI-1', PowerState: 'Off', IndicatorLED: 'Off',
      Boot: {
        BootSourceOverrideEnabled: 'Disabled', BootSourceOverrideTarget: 'None', BootSourceOverrideMode: 'UEFI',
        'BootSourceOverrideTarget@Redfish.AllowableValues': ['None', 'Pxe', 'Cd', 'Hdd', 'BiosSetup'],
      },
      ProcessorSummary: { Count: 1, LogicalProcessorCount: 8, Model: 'Contoso CPU' },
      MemorySummary: { TotalSystemMemoryGiB: 32 },
      BiosVersion: '1.0.0',
      Bios: link(`${S}/Bios`), SecureBoot: link(`${S}/SecureBoot`), Processors: link(`${S}/Processors`), Memory: link(`${S}/Memory`),
      Storage: link(`${S}/Storage`), EthernetInterfaces: link(`${S}/EthernetInterfaces`), VirtualMedia: link(`${S}/VirtualMedia`),
      Links: { ManagedBy: [link('/redfish/v1/Managers/BMC')] },
      Actions: { '#ComputerSystem.Reset': {
        target: `${S}/Actions/ComputerSystem.Reset`,
        'ResetType@Redfish.AllowableValues': ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi'],
      } },
    },
    [`${S}/Bios`]: {
      '@odata.id': `${S}/Bios`, Attributes: { BootMode: 'Uefi', ProcTurboMode: 'Enabled', NumLock: true, AssetTag: 'A1', Timeout: 5 },
      '@Redfish.Settings': { SettingsObject: link(`${S}/Bios/Settings`), SupportedApplyTimes: ['OnReset', 'Immediate'] },
      Actions: { '#Bios.ResetBios': { target: `${S}/Bios/Actions/Bios.ResetBios` } },
    },
    [`${S}/Bios/Settings`]: { '@odata.id': `${S}/Bios/Settings`, Attributes: {} },
    [`${S}/SecureBoot`]: {
      '@odata.id': `${S}/SecureBoot`, SecureBootEnable: false, SecureBootCurrentBoot: 'Disabled',
      Actions: { '#SecureBoot.ResetKeys': { target: `${S}/SecureBoot/Actions/SecureBoot.ResetKeys`, 'ResetKeysType@Redfish.AllowableValues': ['ResetAllKeysToDefault', 'DeleteAllKeys'] } },
    },
    [`${S}/Processors`]: collection(`${S}/Processors`, [`${S}/Processors/CPU1`]),
    [`${S}/Processors/CPU1`]: { '@odata.id': `${S}/Processors/CPU1`, ProcessorType: 'CPU', ProcessorArchitecture: 'x86', InstructionSet: 'x86-64', TotalCores: 4, TotalThreads: 8 },
    [`${S}/Memory`]: collection(`${S}/Memory`, []),
    [`${S}/EthernetInterfaces`]: collection(`${S}/EthernetInterfaces`, [`${S}/EthernetInterfaces/NIC1`, `${S}/EthernetInterfaces/NIC2`]),
    [`${S}/EthernetInterfaces/NIC1`]: { '@odata.id': `${S}/EthernetInterfaces/NIC1`, Id: 'NIC1', MACAddress: '52:54:00:AA:BB:01', SpeedMbps: 10000 },
    [`${S}/EthernetInterfaces/NIC2`]: { '@odata.id': `${S}/EthernetInterfaces/NIC2`, Id: 'NIC2', PermanentMACAddress: '52-54-00-aa-bb-02' },
    [`${S}/Storage`]: collection(`${S}/Storage`, [`${S}/Storage/1`]),
    [`${S}/Storage/1`]: {
      '@odata.id': `${S}/Storage/1`, Id: '1', StorageControllers: [{ MemberId: '0', SupportedRAIDTypes: ['RAID0', 'RAID1'] }],
      Drives: [link(`${S}/Storage/1/Drives/D1`), link(`${S}/Storage/1/Drives/D2`)], Volumes: link(`${S}/Storage/1/Volumes`),
    },
    [`${S}/Storage/1/Drives/D1`]: { '@odata.id': `${S}/Storage/1/Drives/D1`, Id: 'D1', Name: 'Disk 1', CapacityBytes: 500 * 1024 ** 3, MediaType: 'SSD', Protocol: 'SATA' },
    [`${S}/Storage/1/Drives/D2`]: { '@odata.id': `${S}/Storage/1/Drives/D2`, Id: 'D2', Name: 'Disk 2', CapacityBytes: 500 * 1024 ** 3, MediaType: 'SSD', Protocol: 'SATA' },
    [`${S}/Storage/1/Volumes`]: { ...collection(`${S}/Storage/1/Volumes`, []), '@Redfish.OperationApplyTimeSupport': { SupportedValues: ['Immediate', 'OnReset'] } },
    [`${S}/VirtualMedia`]: collection(`${S}/VirtualMedia`, [`${S}/VirtualMedia/CD1`]),
    [`${S}/VirtualMedia/CD1`]: {
      '@odata.id': `${S}/VirtualMedia/CD1`, MediaTypes: ['CD', 'DVD'], Image: null, Inserted: false,
      Actions: {
        '#VirtualMedia.InsertMedia': { target: `${S}/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia` },
        '#VirtualMedia.EjectMedia': { target: `${S}/VirtualMedia/CD1/Actions/VirtualMedia.EjectMedia` },
      },
    },
    '/redfish/v1/Managers': collection('/redfish/v1/Managers', ['/redfish/v1/Managers/BMC']),
    '/redfish/v1/Managers/BMC': { '@odata.id': '/redfish/v1/Managers/BMC', Id: 'BMC', FirmwareVersion: '2.0.0' },
    '/redfish/v1/UpdateService': {
      '@odata.id': '/redfish/v1/UpdateService', FirmwareInventory: link('/redfish/v1/UpdateService/FirmwareInventory'),
      Actions: { '#UpdateService.SimpleUpdate': {
        target: '/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate', '@Redfish.ActionInfo': '/redfish/v1/UpdateService/SimpleUpdateActionInfo',
      } },
    },
    '/redfish/v1/UpdateService/SimpleUpdateActionInfo': {
      '@odata.id': '/redfish/v1/UpdateService/SimpleUpdateActionInfo',
      Parameters: [{ Name: 'ImageURI', Required: true }, { Name: 'TransferProtocol', AllowableValues: ['HTTP', 'HTTPS'] }],
    },
    '/redfish/v1/UpdateService/FirmwareInventory': collection('/redfish/v1/UpdateService/FirmwareInventory', ['/redfish/v1/UpdateService/FirmwareInventory/BIOS']),
    '/redfish/v1/UpdateService/FirmwareInventory/BIOS': { '@odata.id': '/redfish/v1/UpdateService/FirmwareInventory/BIOS', Id: 'BIOS', Version: '1.0.0', RelatedItem: [link(S)] },
  };
}
