import {
  lldpLinkFields,
  lldpTlvsOf,
  parseLldp,
  parseMacAddress,
  updateCapabilities,
  type JsonObject,
  type JsonValue,
  type LldpLinkFields,
  type LldpTlv,
} from '../../../core/index.js';
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

/** Ironic's parse_lldp looks at no more interfaces than this; each LLDPDU belongs to one physical NIC. */
const MAX_LLDP_INTERFACES = 64;

/** One interface's LLDP TLVs, with its name and MAC as the inventory gives them. */
interface InterfaceLldp {
  name: string;
  mac: string | undefined;
  tlvs: LldpTlv[];
}

/**
 * The TLVs of each interface (the first 64), as Ironic's LLDP hooks find them: plugin_data.lldp_raw[<name>]
 * (IPA's `lldp` collector) when it has any, else the inventory's interfaces[].lldp (ipa-collect-lldp).
 * Interfaces without either are left out (Ironic logs "No LLDP data found").
 */
function interfacesLldp(inventory: JsonObject, pluginData: JsonObject): InterfaceLldp[] {
  const raw = objectAt(pluginData, 'lldp_raw') ?? {};
  const interfaces = Array.isArray(inventory['interfaces']) ? inventory['interfaces'].filter(isJsonObject) : [];
  const found: InterfaceLldp[] = [];
  for (const nic of interfaces.slice(0, MAX_LLDP_INTERFACES)) {
    const name = nic['name'];
    if (typeof name !== 'string' || name === '') continue;
    const fromRaw = lldpTlvsOf(raw[name]);
    const tlvs = fromRaw !== undefined && fromRaw.length > 0 ? fromRaw : lldpTlvsOf(nic['lldp']);
    if (tlvs !== undefined) found.push({ name, mac: parseMacAddress(nic['mac_address']), tlvs });
  }
  return found;
}

/**
 * Ironic's parse_lldp hook: plugin_data.parsed_lldp, readable LLDP per interface name (switch_chassis_id,
 * switch_port_id, switch_system_name, VLANs …). Interfaces whose TLVs give nothing are left out; `skipped`
 * says which TLVs did not decode and why.
 */
export function parsedLldpFromInventory(inventory: JsonObject, pluginData: JsonObject): { parsed: JsonObject; skipped: Record<string, string[]> } {
  const parsed: JsonObject = {};
  const skipped: Record<string, string[]> = {};
  for (const nic of interfacesLldp(inventory, pluginData)) {
    const result = parseLldp(nic.tlvs);
    if (Object.keys(result.fields).length > 0) parsed[nic.name] = result.fields;
    if (result.skipped.length > 0) skipped[nic.name] = result.skipped;
  }
  return { parsed, skipped };
}

/** What LLDP says about the link of the NIC with this MAC: the fields for its port, or why there are none. */
export type LinkFromLldp = { address: string; name: string } & ({ fields: LldpLinkFields } | { problem: string });

/**
 * Ironic's local_link_connection hook, first half: for each interface with LLDP and a valid MAC, the
 * switch_id (a MAC Chassis ID only), port_id and switch_info its port should carry. Filling the port, and only
 * the keys it lacks, is `applyLldp`'s job (apply-lldp.ts).
 */
export function linksFromInventory(inventory: JsonObject, pluginData: JsonObject): LinkFromLldp[] {
  return interfacesLldp(inventory, pluginData).flatMap((nic) =>
    nic.mac === undefined ? [] : [{ address: nic.mac, name: nic.name, ...lldpLinkFields(nic.tlvs) }],
  );
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
