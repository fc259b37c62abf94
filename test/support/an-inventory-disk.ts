import type { InventoryDisk } from '../../core/index.js';

/** A disk as the agent's inventory lists it: 8 GiB, solid state, every identifier unknown unless given. */
export function anInventoryDisk(fields: Partial<InventoryDisk> & Pick<InventoryDisk, 'name'>): InventoryDisk {
  return {
    model: '', size: 8 * 2 ** 30, rotational: false, wwn: null, serial: null, vendor: null,
    wwn_with_extension: null, wwn_vendor_extension: null, hctl: null, by_path: null, ...fields,
  };
}
