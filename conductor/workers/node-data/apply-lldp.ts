import type { JsonObject } from '../../../core/index.js';
import type { NodeTask } from '../node-task.js';
import { linksFromInventory, parsedLldpFromInventory, type LinkFromLldp } from './inspection-hooks.js';
import type { NodeDataDeps } from './node-data-deps.js';

/**
 * Ironic's LLDP inspection hooks after the ports hook (local_link_connection, parse_lldp): each port of the node
 * whose NIC heard LLDP gets the switch_id, port_id and switch_info it lacks (what an operator set stays), and
 * the returned plugin data carries parsed_lldp by interface name, stored with the inventory and served at
 * GET /v1/nodes/{id}/inventory. Needs the ports to exist: call it after createPorts.
 */
export async function applyLldp(deps: Pick<NodeDataDeps, 'store'>, task: NodeTask, inventory: JsonObject, pluginData: JsonObject): Promise<JsonObject> {
  for (const link of linksFromInventory(inventory, pluginData)) await fillLocalLinkConnection(deps, task, link);
  const { parsed, skipped } = parsedLldpFromInventory(inventory, pluginData);
  for (const [name, reasons] of Object.entries(skipped)) task.log.debug({ interface: name, skipped: reasons }, 'LLDP TLVs not parsed');
  if (Object.keys(parsed).length === 0) return pluginData;
  const previous = pluginData['parsed_lldp'];
  const kept = previous !== null && typeof previous === 'object' && !Array.isArray(previous) ? previous : {};
  return { ...pluginData, parsed_lldp: { ...kept, ...parsed } };
}

async function fillLocalLinkConnection(deps: Pick<NodeDataDeps, 'store'>, task: NodeTask, link: LinkFromLldp): Promise<void> {
  const log = task.log.child({ mac: link.address, interface: link.name });
  const [port] = await deps.store.ports.list({ address: link.address }, { limit: 1, sortKey: 'id', sortDir: 'asc' });
  // Ironic looks the port up by MAC alone; a MAC registered on another node is that node's business.
  if (port === undefined || port.node_uuid !== task.node.uuid) return;
  if ('problem' in link) {
    log.warn({ problem: link.problem }, 'LLDP does not decode; local_link_connection left as it is');
    return;
  }
  const missing = Object.fromEntries(Object.entries(link.fields).filter(([key]) => !(key in port.local_link_connection)));
  if (Object.keys(missing).length === 0) return;
  await deps.store.ports.update(port.uuid, { local_link_connection: { ...port.local_link_connection, ...missing } });
  log.info({ port: port.uuid, filled: missing }, 'local_link_connection filled from LLDP');
}
