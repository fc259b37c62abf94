import { randomUUID } from 'node:crypto';
import { isoTimestamp, newNode, type JsonObject, type NodeRecord } from '../../core/index.js';
import type { InspectionKeys } from './agent-inspection-lookup.js';
import type { AgentSettings } from './agent-settings.js';
import type { ConductorDeps } from './conductor-deps.js';
import { recordHistory } from './history.js';
import { prepareNewNode } from './node-interfaces.js';

/**
 * Enrolls a machine that posted inspection data and matches no node ([auto_discovery]enabled, ramdisk.py
 * _auto_enroll): a new node in `enroll`, as Ironic leaves discovered nodes, with the configured driver, or
 * `ipmi` with driver_info.ipmi_address when the inventory names a BMC and the configured driver is
 * manual-management (ironic-inspector's enroll hook). Ports and properties follow from the inventory.
 */
export async function enrollDiscoveredNode(deps: ConductorDeps, settings: AgentSettings, keys: InspectionKeys): Promise<NodeRecord> {
  const bmc = keys.bmcAddresses[0];
  const useIpmi = bmc !== undefined && settings.discovery.driver === 'manual-management' && deps.drivers.hardwareType('ipmi') !== undefined;
  const driver = useIpmi ? 'ipmi' : settings.discovery.driver;
  const driverInfo: JsonObject = bmc === undefined ? {} : driver === 'redfish' ? { redfish_address: `https://${bmc.includes(':') ? `[${bmc}]` : bmc}` } : driver === 'ipmi' ? { ipmi_address: bmc } : {};
  const base = newNode({
    uuid: randomUUID(), driver, provision_state: 'enroll', created_at: isoTimestamp(deps.clock.now()),
    driver_info: driverInfo, driver_internal_info: { auto_discovered: true },
  });
  const node = await deps.store.nodes.create(prepareNewNode(deps, base));
  deps.log.info({ node: node.uuid, driver, macs: keys.macs, bmc: keys.bmcAddresses }, 'enrolled a newly discovered node');
  await recordHistory(deps, node, {
    eventType: 'provisioning',
    event: `Node discovered by in-band inspection (MAC addresses ${keys.macs.join(', ')}${bmc ? `, BMC ${bmc}` : ''}) and enrolled with driver ${driver}`,
  });
  return node;
}
