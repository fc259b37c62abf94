/**
 * Which properties a PATCH may change, per resource type, with the enumerations from the DMTF schemas
 * (DSP8010, 2023.3). A property must also exist in the resource: a BMC that does not report
 * `BootSourceOverrideMode` (HPE Gen9) cannot set it either. `<Property>@Redfish.AllowableValues` in the
 * resource narrows an enumeration further (DSP0266 §9.7.1 "Allowable values").
 */
export type PropertyRule =
  | {
      readonly type: 'enum';
      readonly values: readonly string[];
      readonly nullable?: boolean;
      readonly writeOnly?: boolean;
    }
  | { readonly type: 'string'; readonly nullable?: boolean; readonly writeOnly?: boolean }
  | { readonly type: 'boolean'; readonly writeOnly?: boolean }
  | { readonly type: 'object'; readonly properties: PropertyRules; readonly writeOnly?: boolean }
  /** BIOS `Attributes`: names and value types come from the current attributes (Bios schema). */
  | { readonly type: 'attributes'; readonly writeOnly?: boolean };

/** Rules for the properties of one object level. */
export type PropertyRules = Readonly<Record<string, PropertyRule>>;

/** ComputerSystem.BootSource (ComputerSystem v1_20). */
export const BOOT_SOURCE_TARGETS = [
  'None',
  'Pxe',
  'Floppy',
  'Cd',
  'Usb',
  'Hdd',
  'BiosSetup',
  'Utilities',
  'Diags',
  'UefiShell',
  'UefiTarget',
  'SDCard',
  'UefiHttp',
  'RemoteDrive',
  'UefiBootNext',
  'Recovery',
] as const;

const indicatorLed: PropertyRule = { type: 'enum', values: ['Lit', 'Blinking', 'Off'] };
const boolean: PropertyRule = { type: 'boolean' };
const text: PropertyRule = { type: 'string' };

const boot: PropertyRules = {
  BootSourceOverrideTarget: { type: 'enum', values: BOOT_SOURCE_TARGETS },
  BootSourceOverrideEnabled: { type: 'enum', values: ['Disabled', 'Once', 'Continuous'] },
  BootSourceOverrideMode: { type: 'enum', values: ['Legacy', 'UEFI'] },
  UefiTargetBootSourceOverride: { type: 'string', nullable: true },
  // sushy sends HttpBootUri: null to clear it even where the BMC never reported one.
  HttpBootUri: { type: 'string', nullable: true, writeOnly: true },
  BootNext: { type: 'string', nullable: true },
};

/** Writable properties by resource type (the `@odata.type` name). */
export const writableProperties: Readonly<Record<string, PropertyRules>> = {
  ComputerSystem: {
    AssetTag: text,
    HostName: text,
    IndicatorLED: indicatorLed,
    LocationIndicatorActive: boolean,
    Boot: { type: 'object', properties: boot },
  },
  Chassis: { AssetTag: text, IndicatorLED: indicatorLed, LocationIndicatorActive: boolean },
  Drive: { AssetTag: text, IndicatorLED: indicatorLed, LocationIndicatorActive: boolean },
  Manager: { DateTime: text, DateTimeLocalOffset: text, LocationIndicatorActive: boolean },
  SecureBoot: { SecureBootEnable: boolean },
  Volume: {
    DisplayName: { type: 'string', writeOnly: true },
    ReadCachePolicy: { type: 'enum', values: ['ReadAhead', 'AdaptiveReadAhead', 'Off'] },
    WriteCachePolicy: { type: 'enum', values: ['WriteThrough', 'ProtectedWriteBack', 'UnprotectedWriteBack', 'Off'] },
  },
  // VirtualMedia v1_3+: Image and Inserted are read-write, so media can be inserted by PATCH (Lenovo XCC).
  VirtualMedia: {
    Image: { type: 'string', nullable: true },
    Inserted: boolean,
    WriteProtected: boolean,
    TransferProtocolType: {
      type: 'enum',
      values: ['CIFS', 'FTP', 'SFTP', 'HTTP', 'HTTPS', 'NFS', 'SCP', 'TFTP', 'OEM'],
      nullable: true,
      writeOnly: true,
    },
    TransferMethod: { type: 'enum', values: ['Stream', 'Upload'], writeOnly: true },
    UserName: { type: 'string', writeOnly: true },
    Password: { type: 'string', writeOnly: true },
  },
  Bios: { Attributes: { type: 'attributes' } },
};
