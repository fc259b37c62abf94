import { parseMacAddress, updateCapabilities, type JsonObject, type JsonValue } from '../../../core/index.js';
import { isJsonObject, type DiscoveredPort } from '../../../drivers/interfaces/index.js';

const GIB = 1024 ** 3;
/** IPA's get_os_install_device ignores disks smaller than this when no root device hint is given. */
const MIN_ROOT_DISK_BYTES = 4 * GIB;

/**
 * The node properties Ironic's inspection hooks derive from an IPA inventory (ironic/drivers/modules/inspector/
 * hooks): cpus (cpu.count), memory_mb (memory.physical_mb), cpu_arch (architecture hook), local_gb (root-device
 * hook: the root disk in GiB minus 1 for partitioning) and the boot_mode capability (boot-mode hook). Missing
 * or malformed inventory fields are skipped, never guessed.
 */
export function propertiesFromInventory(inventory: JsonObject, capabilities: string | undefined): JsonObject {
  const out: JsonObject = {};
  const cpu = objectAt(inventory, 'cpu');
  const count = positiveNumber(cpu?.['count']);
  if (count !== undefined) out['cpus'] = count;
  const arch = cpu?.['architecture'];
  if (typeof arch === 'string' && arch !== '') out['cpu_arch'] = arch;
  const memory = objectAt(inventory, 'memory');
  const physicalMb = positiveNumber(memory?.['physical_mb']);
  const totalBytes = positiveNumber(memory?.['total']);
  if (physicalMb !== undefined) out['memory_mb'] = physicalMb;
  else if (totalBytes !== undefined) out['memory_mb'] = Math.floor(totalBytes / 1024 / 1024);
  const rootBytes = rootDiskBytes(inventory);
  if (rootBytes !== undefined) out['local_gb'] = Math.max(0, Math.floor(rootBytes / GIB) - 1);
  const bootMode = objectAt(inventory, 'boot')?.['current_boot_mode'];
  if (bootMode === 'uefi' || bootMode === 'bios') out['capabilities'] = updateCapabilities(capabilities, { boot_mode: bootMode });
  return out;
}

/**
 * Ports for the inventory's NICs, as the ports hook does with Ironic's default `[inspector]add_ports = pxe`:
 * only the NIC the machine PXE-booted from when the inventory names it, else every NIC with a valid MAC.
 */
export function portsFromInventory(inventory: JsonObject): DiscoveredPort[] {
  const interfaces = Array.isArray(inventory['interfaces']) ? inventory['interfaces'].filter(isJsonObject) : [];
  const macs = [...new Set(interfaces.map((i) => parseMacAddress(i['mac_address'])).filter((m) => m !== undefined))];
  const pxe = parseMacAddress(objectAt(inventory, 'boot')?.['pxe_interface']);
  if (pxe !== undefined && macs.includes(pxe)) return [{ address: pxe, pxe_enabled: true }];
  return macs.map((address) => ({ address, pxe_enabled: true }));
}

/** The smallest disk of at least 4 GiB (IPA's default root device choice), in bytes. */
function rootDiskBytes(inventory: JsonObject): number | undefined {
  const disks = Array.isArray(inventory['disks']) ? inventory['disks'].filter(isJsonObject) : [];
  const sizes = disks.map((d) => positiveNumber(d['size'])).filter((s): s is number => s !== undefined && s >= MIN_ROOT_DISK_BYTES);
  return sizes.length > 0 ? Math.min(...sizes) : undefined;
}

function objectAt(holder: JsonObject, key: string): JsonObject | undefined {
  const value = holder[key];
  return isJsonObject(value) ? value : undefined;
}

/** IPA sends some numbers as strings ("count": "8"); both are accepted. */
function positiveNumber(value: JsonValue | undefined): number | undefined {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}
