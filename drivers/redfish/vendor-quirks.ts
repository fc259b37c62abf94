import type { JsonObject } from '../../core/index.js';
import { objectAt, stringAt } from './json-fields.js';

/** Behaviour that differs between BMC families; every field defaults to the standard (DMTF) behaviour. */
export interface VendorQuirks {
  /** Send BootSourceOverrideMode, Enabled and Target together in every boot PATCH. */
  fullBootRequest: boolean;
  /** Send BootSourceOverrideEnabled even when it does not change (some BMCs reject re-setting it, these need it). */
  alwaysSendBootEnabled: boolean;
  /** Boot target for the virtual CD when the BMC allows it (else `Cd`). */
  virtualCdTarget: 'Cd' | 'UsbCd';
  /** Write BootSourceOverrideMode again after changing the device, because the BMC resets it. */
  resyncBootModeAfterDevice: boolean;
}

/** One row of the quirks table: which BMCs it matches, what differs, and where that was seen. */
export interface QuirkRule {
  vendor: string;
  /** Case-insensitive match on the System's Manufacturer. */
  manufacturer?: RegExp;
  /** Case-insensitive match on the System's Model, narrowing a rule to some models. */
  model?: RegExp;
  /** Key under the System's `Oem` object (`Supermicro`, `Hpe`, `Dell`, `Ami`). */
  oem?: string;
  quirks: Partial<VendorQuirks>;
  source: string;
}

/** The standard behaviour. */
export const STANDARD_QUIRKS: VendorQuirks = {
  fullBootRequest: false, alwaysSendBootEnabled: false, virtualCdTarget: 'Cd', resyncBootModeAfterDevice: false,
};

/** Vendor differences as data (redfish.md §3); later rows override earlier ones. */
export const QUIRK_RULES: readonly QuirkRule[] = [
  {
    vendor: 'AMI MegaRAC', manufacturer: /^(american megatrends( international)?|ami|asrockrack|redfish_compatible)$/i, oem: 'Ami',
    quirks: { fullBootRequest: true }, source: 'Ironic management VENDORS_REQUIRING_FULL_BOOT_REQUEST',
  },
  {
    vendor: 'Supermicro', manufacturer: /supermicro/i, oem: 'Supermicro',
    quirks: { alwaysSendBootEnabled: true, virtualCdTarget: 'UsbCd', resyncBootModeAfterDevice: true },
    source: 'Ironic redfish management: Supermicro needs BootSourceOverrideEnabled and boots virtual CD as UsbCd',
  },
  {
    vendor: 'Supermicro ARS-111GL-NHR', manufacturer: /supermicro/i, model: /ARS-111GL-NHR/i,
    quirks: { virtualCdTarget: 'Cd' }, source: 'Ironic redfish management: this model boots virtual CD as Cd',
  },
];

/** The quirks of the BMC that serves `system` (a ComputerSystem body). */
export function quirksFor(system: JsonObject, rules: readonly QuirkRule[] = QUIRK_RULES): VendorQuirks {
  const manufacturer = stringAt(system, 'Manufacturer') ?? '';
  const model = stringAt(system, 'Model') ?? '';
  const oem = objectAt(system, 'Oem') ?? {};
  let quirks = { ...STANDARD_QUIRKS };
  for (const rule of rules) {
    const byMaker = rule.manufacturer?.test(manufacturer) ?? false;
    const byOem = rule.oem !== undefined && rule.oem in oem;
    if (!byMaker && !byOem) continue;
    if (rule.model && !rule.model.test(model)) continue;
    quirks = { ...quirks, ...rule.quirks };
  }
  return quirks;
}
