import { INTERFACE_NAMES, type JsonObject } from '../../../core/index.js';
import type { DriverInfo } from '../../workers/node-actions.js';
import { NODE_FIELD_MIN } from '../nodes/node-fields.js';
import { selfLinks } from '../request-context.js';

/** Driver fields `fields=` accepts (1.77). */
export const DRIVER_FIELD_MIN: ReadonlyMap<string, number> = new Map([
  ['name', 1], ['hosts', 1], ['type', 30], ['links', 1], ['properties', 1],
  ...INTERFACE_NAMES.flatMap((i): Array<[string, number]> => {
    const min = Math.max(30, NODE_FIELD_MIN.get(`${i}_interface`) ?? 30);
    return [[`default_${i}_interface`, min], [`enabled_${i}_interfaces`, min]];
  }),
]);

/** A hardware type as `GET /v1/drivers[/{name}]` shows it; interface fields only with detail (1.30). */
export function renderDriver(
  driver: DriverInfo, baseUrl: string, apiMinor: number, detail: boolean, fields?: ReadonlySet<string>,
): JsonObject {
  const out: JsonObject = {
    name: driver.name, hosts: driver.hosts, links: selfLinks(baseUrl, `drivers/${driver.name}`),
    properties: selfLinks(baseUrl, `drivers/${driver.name}/properties`),
  };
  if (apiMinor >= 30) out['type'] = 'dynamic';
  if (detail && apiMinor >= 30) {
    for (const iface of INTERFACE_NAMES) {
      if ((NODE_FIELD_MIN.get(`${iface}_interface`) ?? 1) > apiMinor) continue;
      const enabled = driver.interfaces[iface] ?? [];
      out[`default_${iface}_interface`] = enabled[0] ?? null;
      out[`enabled_${iface}_interfaces`] = enabled;
    }
  }
  if (!fields) return out;
  return Object.fromEntries(Object.entries(out).filter(([k]) => fields.has(k)));
}

/** `GET /v1/drivers/{name}/raid/logical_disk_properties` (1.12): the RAID schema's property descriptions. */
export const RAID_LOGICAL_DISK_PROPERTIES: JsonObject = {
  controller: 'Controller to use for this logical disk. If not specified, the driver will choose a suitable RAID controller on the bare metal node. Optional.',
  disk_type: "The type of disk preferred. Valid values are 'hdd' and 'ssd'. If this is not specified, disk type will not be a selection criterion for choosing backing physical disks. Optional.",
  interface_type: "The interface type of disk. Valid values are 'sata', 'scsi' and 'sas'. If this is not specified, interface type will not be a selection criterion for choosing backing physical disks. Optional.",
  is_root_volume: 'Specifies whether this disk is a root volume. By default, this is False. Optional.',
  number_of_physical_disks: 'Number of physical disks to use for this logical disk. By default, the driver uses the minimum number of disks required for that RAID level. Optional.',
  physical_disks: 'The physical disks to use for this logical disk. If not specified, the driver will choose suitable physical disks to use. Optional.',
  raid_level: "RAID level for the logical disk. Valid values are 'JBOD', '0', '1', '2', '5', '6', '1+0', '5+0' and '6+0'. Required.",
  share_physical_disks: 'Specifies whether other logical disks can share physical disks with this logical disk. By default, this is False. Optional.',
  size_gb: "Size in GiB (Integer) for the logical disk. Use 'MAX' as size_gb if this logical disk is supposed to use the rest of the space available. Required.",
  volume_name: 'Name of the volume to be created. If this is not specified, it will be auto-generated. Optional.',
};
