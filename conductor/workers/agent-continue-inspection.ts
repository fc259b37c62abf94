import { AgentInfoKey, InvalidParameterValue, MASKED_TOKEN, PowerTarget, type JsonObject, type NodeRecord } from '../../core/index.js';
import { enrollDiscoveredNode } from './agent-discovery.js';
import { inspectionKeys, inspectionNode } from './agent-inspection-lookup.js';
import type { AgentLogStore } from './agent-log-store.js';
import { lookupNotFound } from './agent-lookup.js';
import type { AgentSettings } from './agent-settings.js';
import { nodeWithToken } from './agent-token.js';
import type { ConductorDeps } from './conductor-deps.js';
import { failNode } from './fire-event.js';
import { errorMessage } from './history.js';
import { completeInspection, createPorts } from './inspect.js';
import { applyLldp } from './node-data/apply-lldp.js';
import { portsFromInventory, propertiesFromInventory } from './node-data/inspection-hooks.js';
import { storeInspectionData } from './node-data/store-inspection-data.js';
import { nodeControl } from './node-control.js';
import { acquireNode, type NodeTask } from './node-task.js';
import { checkWorkerAvailable, continueInBackground, orRelease } from './operation.js';

/** What the conductor keeps for the agent module: the settings and where logs go. */
export interface AgentInspectionDeps {
  settings: AgentSettings;
  logs?: AgentLogStore | undefined;
}

/**
 * POST /v1/continue_inspection (ramdisk.py ContinueInspectionController + conductor/inspection.py): finds the
 * inspecting node by UUID, MACs or BMC address, or, with discovery on, enrolls an unknown machine (404 when
 * off, as Ironic). The node and its token (clear on the first call, 1.84+) are returned for the lookup-style answer;
 * the data is applied in the background: ports, properties, inventory, firmware versions, logs; then the
 * ramdisk session ends and the node is powered off.
 */
export async function agentContinueInspection(deps: ConductorDeps, agent: AgentInspectionDeps, body: JsonObject, nodeUuid: string | undefined, handOutToken = true): Promise<{ node: NodeRecord; token: string }> {
  const keys = inspectionKeys(body);
  if (keys.macs.length === 0 && keys.bmcAddresses.length === 0 && !nodeUuid) throw new InvalidParameterValue('No lookup information provided');
  checkWorkerAvailable(deps);
  let node = await inspectionNode(deps, keys, nodeUuid);
  const discovered = node === undefined;
  if (node === undefined) {
    if (!agent.settings.discovery.enabled) {
      deps.log.warn({ macs: keys.macs, bmc: keys.bmcAddresses }, 'inspection data from an unknown machine; discovery is off');
      throw lookupNotFound();
    }
    node = await enrollDiscoveredNode(deps, agent.settings, keys);
  }
  // Ironic creates the token only for the lookup-style answer (1.84+): an older caller gets the UUID alone and
  // looks up next, which must still find the token unissued (with fast-track that lookup is allowed afterwards).
  const answer = handOutToken ? await nodeWithToken(deps, node) : { node, token: MASKED_TOKEN };
  const task = await acquireNode(deps, node.uuid, 'continue inspection');
  await orRelease(task, () => {
    continueInBackground(deps, task, 'continue inspection', (signal) => applyInspection(deps, agent, task, body, discovered, signal));
    return Promise.resolve();
  });
  return answer;
}

async function applyInspection(deps: ConductorDeps, agent: AgentInspectionDeps, task: NodeTask, body: JsonObject, discovered: boolean, signal: AbortSignal): Promise<void> {
  const { inventory, ...pluginData } = body as JsonObject & { inventory: JsonObject };
  await keepLogs(agent, task, pluginData);
  const firmware = pluginData['firmware_components'];
  if (Array.isArray(firmware)) await task.save({ driver_internal_info: { ...task.node.driver_internal_info, [AgentInfoKey.FirmwareComponents]: firmware } });
  // The session ends (power off) BEFORE `done`: a client that sees `manageable` can act on the node at once, as
  // with Ironic, whose agent inspect interface powers off inside continue_inspection, before the event.
  let ended = false;
  const endSession = async (succeeded: boolean): Promise<void> => {
    if (ended) return;
    ended = true;
    await endInspectionSession(deps, task, signal, succeeded);
  };
  try {
    if (discovered) await applyDiscovered(deps, task, inventory, pluginData);
    else await completeInspection(deps, task, { inventory, pluginData }, signal, () => endSession(true));
  } catch (error) {
    if (!discovered) await failNode(deps, task, `Failed to finish inspection: ${errorMessage(error)}`);
    else task.log.error({ err: error }, 'could not apply the inventory of a discovered node');
  }
  await endSession(false); // discovered nodes and failures: the ramdisk session ends (no-op after `done`)
}

/** A discovered node stays in enroll (Ironic skips the `done` event there); the hooks still run. */
async function applyDiscovered(deps: ConductorDeps, task: NodeTask, inventory: JsonObject, pluginData: JsonObject): Promise<void> {
  await createPorts(deps, task, portsFromInventory(inventory));
  await storeInspectionData(deps, task, inventory, await applyLldp(deps, task, inventory, pluginData));
  await task.save({ properties: { ...task.node.properties, ...propertiesFromInventory(inventory, undefined) } });
}

/** Ironic's _store_logs: plugin_data.logs (base64 tar.gz) is kept apart, never in the stored plugin data. */
async function keepLogs(agent: AgentInspectionDeps, task: NodeTask, pluginData: JsonObject): Promise<void> {
  const logs = pluginData['logs'];
  delete pluginData['logs'];
  const failed = pluginData['error'] !== undefined && pluginData['error'] !== null;
  const wanted = agent.settings.logsCollect === 'always' || (failed && agent.settings.logsCollect === 'on_failure');
  if (typeof logs !== 'string' || logs === '' || !wanted || agent.logs === undefined) return;
  const data = Buffer.from(logs, 'base64');
  if (data.length > agent.settings.logsMaxBytes) {
    task.log.warn({ sizeBytes: data.length }, 'inspection logs exceed agent.deployLogsMaxBytes; not stored');
    return;
  }
  try {
    await agent.logs.store(task.node, failed ? 'inspect-failed' : 'inspect', data);
  } catch (error) {
    task.log.warn({ err: error }, 'could not store inspection logs');
  }
}

/**
 * common.clean_up(always_power_off=True): the session's token and URL go, the ramdisk is unprepared, power off.
 * With fast-track (tear_down_managed_boot without always_power_off) a successful inspection leaves the ramdisk
 * running with its session, so cleaning or deployment can reuse it.
 */
async function endInspectionSession(deps: ConductorDeps, task: NodeTask, signal: AbortSignal, succeeded: boolean): Promise<void> {
  if (await nodeControl(deps, task, signal, task.log, { keepAgent: succeeded }).canKeepAgent()) return;
  const info = { ...task.node.driver_internal_info };
  for (const key of [AgentInfoKey.Token, AgentInfoKey.Url, AgentInfoKey.VerifyCa, AgentInfoKey.CertFingerprint, AgentInfoKey.TokenPregenerated]) delete info[key];
  await task.save({ driver_internal_info: info });
  const ctx = nodeControl(deps, task, signal);
  try {
    await ctx.cleanUpRamdisk('inspect');
    await ctx.setPower(PowerTarget.Off);
  } catch (error) {
    task.log.warn({ err: error }, 'could not power off after inspection; the ramdisk keeps running');
  }
}
