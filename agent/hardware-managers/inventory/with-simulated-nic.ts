import type { Inventory, InventoryInterface } from '../../../core/index.js';

/**
 * File-disk (test/demo) mode simulates a machine on the host: its disks are files and its boot NIC is the one
 * BOOTIF names, which the host does not have. The simulated NIC joins the host's in the inventory, so lookup
 * and inspection find the node by the MAC it was enrolled with, as they would on the real machine.
 */
export function withSimulatedNic(inventory: Inventory, bootif: string): Inventory {
  const interfaces = withSimulatedInterface(inventory.interfaces, bootif);
  return interfaces === inventory.interfaces ? inventory : { ...inventory, interfaces };
}

/** The NIC list with the BOOTIF NIC first when the host has no such MAC (the same list when it has). */
export function withSimulatedInterface(interfaces: InventoryInterface[], bootif: string): InventoryInterface[] {
  const mac = bootif.toLowerCase();
  if (mac === '' || interfaces.some((i) => i.mac_address.toLowerCase() === mac)) return interfaces;
  const nic: InventoryInterface = {
    name: 'simulated0', mac_address: mac, ipv4_address: null, ipv6_address: null, has_carrier: true, lldp: null,
    vendor: null, product: null, client_id: null, biosdevname: null, speed_mbps: null, pci_address: null, driver: null,
  };
  return [nic, ...interfaces];
}
