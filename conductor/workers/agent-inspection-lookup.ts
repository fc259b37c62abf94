import { InvalidParameterValue, ProvisionState, type JsonObject, type NodeRecord } from '../../core/index.js';
import { isJsonObject } from '../../drivers/interfaces/index.js';
import { lookupNotFound, nodeByMacs, validMacs } from './agent-lookup.js';
import type { ConductorDeps } from './conductor-deps.js';

/** What identifies the machine that posted its inventory. */
export interface InspectionKeys {
  macs: string[];
  bmcAddresses: string[];
}

const INSPECTING: readonly string[] = [ProvisionState.InspectWait, ProvisionState.Inspecting];

/**
 * Checks a continue_inspection body (ramdisk.py DATA_VALIDATOR): an `inventory` object whose `interfaces`
 * list has at least one entry with a mac_address. Returns the MACs and BMC addresses to look the node up by.
 */
export function inspectionKeys(body: JsonObject): InspectionKeys {
  const inventory = body['inventory'];
  if (!isJsonObject(inventory)) throw new InvalidParameterValue('The inspection data needs an "inventory" object.');
  const interfaces = inventory['interfaces'];
  if (!Array.isArray(interfaces) || interfaces.length === 0 || !interfaces.every((i) => isJsonObject(i) && typeof i['mac_address'] === 'string')) {
    throw new InvalidParameterValue('inventory.interfaces must list at least one interface, each with a "mac_address".');
  }
  const macs = validMacs(interfaces.filter(isJsonObject).map((i) => String(i['mac_address'])));
  const bmcAddresses = [inventory['bmc_address'], inventory['bmc_v6address']]
    .filter((a): a is string => typeof a === 'string' && a !== '' && a !== '0.0.0.0' && a !== '::' && a !== '::/0');
  return { macs, bmcAddresses };
}

/**
 * The node waiting for this inventory (inspect_utils.lookup_node): by UUID, then MACs, then BMC address
 * (driver_info *_address host). undefined when nothing matches (discovery may enroll it); 404 when a node
 * matches but is not inspecting, with the message every miss gets.
 */
export async function inspectionNode(deps: ConductorDeps, keys: InspectionKeys, nodeUuid: string | undefined): Promise<NodeRecord | undefined> {
  let node = nodeUuid ? await deps.store.nodes.get(nodeUuid) : undefined;
  if (nodeUuid && node === undefined) throw lookupNotFound();
  if (node === undefined && keys.macs.length > 0) node = await nodeByMacs(deps, keys.macs);
  if (node === undefined && keys.bmcAddresses.length > 0) node = await nodeByBmc(deps, keys.bmcAddresses);
  if (node !== undefined && !INSPECTING.includes(node.provision_state)) {
    deps.log.warn({ node: node.uuid, state: node.provision_state }, 'inspection data for a node that is not inspecting');
    throw lookupNotFound();
  }
  return node;
}

async function nodeByBmc(deps: ConductorDeps, addresses: readonly string[]): Promise<NodeRecord | undefined> {
  const wanted = new Set(addresses.map((a) => a.toLowerCase()));
  const nodes = await deps.store.nodes.list({ provision_states: [...INSPECTING] }, { limit: 1000, sortKey: 'id', sortDir: 'asc' });
  return nodes.find((n) => Object.entries(n.driver_info).some(([key, value]) =>
    key.endsWith('_address') && typeof value === 'string' && wanted.has(hostOf(value))));
}

/** `https://10.0.0.5:443/redfish` -> `10.0.0.5`; `[fd00::1]` -> `fd00::1`; a bare host stays. */
export function hostOf(address: string): string {
  let host = address.trim();
  if (host.includes('//')) {
    try {
      host = new URL(host).hostname;
    } catch {
      return host.toLowerCase();
    }
  }
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}
