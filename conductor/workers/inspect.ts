import { randomUUID } from 'node:crypto';
import { isoTimestamp, type JsonObject } from '../../core/index.js';
import type { DiscoveredPort } from '../../drivers/interfaces/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { failNode, fireEvent } from './fire-event.js';
import { errorMessage } from './history.js';
import type { Caller } from './node-actions.js';
import { applyLldp } from './node-data/apply-lldp.js';
import { cacheFirmwareComponents } from './node-data/cache-firmware-components.js';
import { portsFromInventory, propertiesFromInventory } from './node-data/inspection-hooks.js';
import { storeInspectionData } from './node-data/store-inspection-data.js';
import { nodeControl } from './node-control.js';
import type { NodeTask } from './node-task.js';
import { beginOperation, continueInBackground, historyUser, orRelease, startChanges } from './operation.js';

/**
 * `inspect`: manageable or inspect failed -> inspecting -> manageable (or inspect wait for in-band
 * inspection). Properties found are merged into node.properties, new MACs become ports, and the inventory
 * is stored for GET /v1/nodes/{id}/inventory.
 */
export async function inspect(deps: ConductorDeps, ident: string, caller: Caller): Promise<void> {
  const task = await beginOperation(deps, ident, 'inspect', 'inspect');
  await orRelease(task, async () => {
    const driver = task.driver();
    driver.power.validate(task.node);
    driver.inspect.validate(task.node); // no-inspect refuses here, before any state change
    const now = isoTimestamp(deps.clock.now());
    await fireEvent(deps, task, 'inspect', {
      changes: { ...startChanges(), inspection_started_at: now, inspection_finished_at: null }, user: historyUser(caller),
    });
    continueInBackground(deps, task, 'inspect', (signal) => inspectNode(deps, task, signal));
  });
}

/** Runs the inspect interface and applies what it found. */
export async function inspectNode(deps: ConductorDeps, task: NodeTask, signal: AbortSignal): Promise<void> {
  try {
    const outcome = await task.driver().inspect.inspectHardware(task.node, nodeControl(deps, task, signal));
    if (outcome.result === 'wait') {
      await fireEvent(deps, task, 'wait');
      return;
    }
    await completeInspection(deps, task, {
      properties: outcome.properties, ports: outcome.ports,
      ...(outcome.inventory ? { inventory: outcome.inventory } : {}),
      ...(outcome.plugin_data ? { pluginData: outcome.plugin_data } : {}),
    }, signal);
  } catch (error) {
    await failNode(deps, task, `Failed to inspect hardware. Reason: ${errorMessage(error)}`);
  }
}

/** What an inspection found: from the driver (out-of-band) or from the agent's inventory (in-band, issue #5). */
export interface InspectionFindings {
  /** Properties the driver determined; they win over those derived from the inventory. */
  properties?: JsonObject;
  /** NICs to create ports for; derived from the inventory when absent. */
  ports?: readonly DiscoveredPort[];
  /** IPA-shaped inventory (ironic.md §5.4), stored and served at GET /v1/nodes/{id}/inventory. */
  inventory?: JsonObject;
  /** Everything else the agent sent (plugin_data); stored beside the inventory. */
  pluginData?: JsonObject;
}

/**
 * Applies inspection results and moves to manageable; also the end of in-band inspection (issue #5). Runs
 * Ironic's hooks over the inventory (cpus, memory_mb, local_gb, cpu_arch, boot_mode capability, ports for
 * new MACs, local_link_connection and parsed_lldp from LLDP), stores it, and caches the firmware components
 * while the machine is up (inspection.py).
 */
export async function completeInspection(
  deps: ConductorDeps, task: NodeTask, found: InspectionFindings, signal: AbortSignal, beforeDone?: () => Promise<void>,
): Promise<void> {
  const capabilities = task.node.properties['capabilities'];
  const derived = found.inventory ? propertiesFromInventory(found.inventory, typeof capabilities === 'string' ? capabilities : undefined) : {};
  await createPorts(deps, task, found.ports ?? (found.inventory ? portsFromInventory(found.inventory) : []));
  if (found.inventory) await storeInspectionData(deps, task, found.inventory, await applyLldp(deps, task, found.inventory, found.pluginData ?? {}));
  await cacheFirmwareComponents(deps, task, signal);
  await beforeDone?.();
  await fireEvent(deps, task, 'done', {
    changes: {
      properties: { ...task.node.properties, ...derived, ...found.properties },
      inspection_finished_at: isoTimestamp(deps.clock.now()),
    },
  });
}

/** Creates a port for each MAC no port has yet (inspection hook `ports`). */
export async function createPorts(deps: ConductorDeps, task: NodeTask, ports: readonly DiscoveredPort[]): Promise<void> {
  for (const port of ports) {
    const address = port.address.toLowerCase();
    const existing = await deps.store.ports.list({ address }, { limit: 1, sortKey: 'id', sortDir: 'asc' });
    if (existing.length > 0) continue;
    await deps.store.ports.create({
      uuid: randomUUID(), address, node_uuid: task.node.uuid, portgroup_uuid: null, pxe_enabled: port.pxe_enabled ?? true,
      local_link_connection: {}, physical_network: null, is_smartnic: false, name: null, extra: {}, internal_info: {},
      created_at: isoTimestamp(deps.clock.now()), updated_at: null,
    });
    task.log.info({ mac: address }, 'port created from inspection');
  }
}
