import type { JsonObject } from '../../core/index.js';
import type { FirmwareComponent } from '../interfaces/index.js';
import { linksAt, objectAt, stringAt } from './json-fields.js';

/** A FirmwareInventory member (SoftwareInventory.v1) and its URI. */
export interface InventoryItem {
  path: string;
  body: JsonObject;
}

/**
 * Ironic's firmware components: `bios` from System.BiosVersion and `bmc` from the managing Manager's
 * FirmwareVersion. When either is missing, the FirmwareInventory member whose RelatedItem links the System
 * (bios) or the Manager (bmc) supplies the version. Ferro keeps no history, so initial_version is the current one.
 */
export function firmwareComponents(system: JsonObject, manager: JsonObject | undefined, inventory: InventoryItem[]): FirmwareComponent[] {
  const systemPath = stringAt(system, '@odata.id');
  const managerPath = stringAt(manager, '@odata.id');
  const bios = stringAt(system, 'BiosVersion') ?? relatedVersion(inventory, systemPath);
  const bmc = stringAt(manager, 'FirmwareVersion') ?? relatedVersion(inventory, managerPath);
  const out: FirmwareComponent[] = [];
  if (bios !== undefined) out.push({ component: 'bios', initial_version: bios, current_version: bios });
  if (bmc !== undefined) out.push({ component: 'bmc', initial_version: bmc, current_version: bmc });
  return out;
}

function relatedVersion(inventory: InventoryItem[], related: string | undefined): string | undefined {
  if (related === undefined) return undefined;
  const item = inventory.find((i) => linksAt(i.body, 'RelatedItem').includes(related) || linksAt(objectAt(i.body, 'Links'), 'RelatedItem').includes(related));
  return stringAt(item?.body, 'Version');
}
