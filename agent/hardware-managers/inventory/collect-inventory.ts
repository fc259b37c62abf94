import type { Inventory, InventoryDisk, InventoryInterface, Logger } from '../../../core/index.js';
import type { LldpByDevice } from './lldp/collect-lldp.js';
import { readBmcAddress, type RunProgram } from './read-bmc-address.js';
import { machineArchitecture, readCpu } from './read-cpu.js';
import { readMemory } from './read-memory.js';
import { readNetworkInterfaces, type InterfaceAddresses } from './read-network-interfaces.js';
import { readBootMode, readSystemVendor } from './read-system-vendor.js';
import type { SystemPaths } from './system-paths.js';

/** Everything the inventory reads, passed in so tests run against a fake /proc and /sys. */
export interface InventorySources {
  paths: SystemPaths;
  listDisks(signal?: AbortSignal): Promise<InventoryDisk[]>;
  run: RunProgram;
  networkInterfaces(): InterfaceAddresses;
  hostname(): string;
  /** process.arch */
  nodeArch: string;
  /** The PXE MAC from BOOTIF, '' when unknown. */
  bootif: string;
  log: Logger;
  /** The LLDP collection started at agent start (lldp/start-lldp-collection.ts); absent when LLDP is off. */
  lldp?(): Promise<LldpByDevice | undefined>;
}

/** The whole inventory in Ironic's format (ironic.md §5.4; IPA hardware.py list_hardware_info). */
export async function collectInventory(sources: InventorySources, signal?: AbortSignal): Promise<Inventory> {
  const { paths } = sources;
  const [interfaces, cpu, memory, disks, bmc, vendor, bootMode] = await Promise.all([
    readInterfaces(sources),
    readCpu(paths, machineArchitecture(sources.nodeArch)),
    readMemory(paths),
    sources.listDisks(signal),
    readBmcAddress(paths, sources.run, sources.log, signal),
    readSystemVendor(paths),
    readBootMode(paths),
  ]);
  return {
    interfaces,
    cpu,
    disks,
    memory,
    bmc_address: bmc.bmc_address,
    bmc_v6address: null,
    bmc_mac: bmc.bmc_mac,
    system_vendor: vendor,
    boot: { current_boot_mode: bootMode, pxe_interface: sources.bootif === '' ? null : sources.bootif },
    hostname: sources.hostname(),
  };
}

/** The NICs, once the LLDP collection (when on) is done: its wait overlaps the other readers above. */
async function readInterfaces(sources: InventorySources): Promise<InventoryInterface[]> {
  const lldp = await sources.lldp?.();
  return readNetworkInterfaces(sources.paths, sources.networkInterfaces(), lldp);
}
