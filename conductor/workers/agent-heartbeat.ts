import {
  AgentInfoKey, InvalidParameterValue, NodeLocked, isoTimestamp, type AgentStatus, type JsonObject, type NodeRecord,
} from '../../core/index.js';
import { pinnedCertificate } from './agent-certificate.js';
import { dispatchHeartbeat, isHeartbeatHandled } from './agent-heartbeat-dispatch.js';
import type { AgentSettings } from './agent-settings.js';
import { isAgentTokenValid } from './agent-token.js';
import type { ConductorDeps } from './conductor-deps.js';
import { acquireNode, getNode } from './node-task.js';

/** A heartbeat body, type-checked by the API. */
export interface HeartbeatInput {
  callbackUrl: string;
  agentToken?: string | undefined;
  agentVersion?: string | undefined;
  agentVerifyCa?: string | undefined;
  agentStatus?: AgentStatus | undefined;
  agentStatusMessage?: string | undefined;
}

/**
 * POST /v1/heartbeat/{node} (ramdisk.py HeartbeatController + manager.heartbeat): refuses a missing or wrong
 * token (400, Ironic's InvalidParameterValue; nothing is changed, a warning without the token is logged),
 * records agent_url, version, time, certificate and status, then lets the deploy interface act on it in the
 * background. A heartbeat the deploy interface acts on also moves provision_updated_at (Ironic's
 * touch_provisioning), so the callback timeout counts from the agent's last sign of life: a long image write by a
 * live agent never times out, a silent one (machine off, network gone) does one timeout after its last heartbeat. A locked node that already has an agent_url is only recorded (best effort): the next heartbeat
 * retries, as Ironic skips locked nodes. A locked node without agent_url answers 409 NodeLocked.
 */
export async function agentHeartbeat(deps: ConductorDeps, settings: AgentSettings, ident: string, input: HeartbeatInput): Promise<void> {
  const node = await getNode(deps, ident);
  const record = checkHeartbeat(deps, settings, node, input);
  if (node.reservation !== null) {
    if (typeof node.driver_internal_info[AgentInfoKey.Url] !== 'string') throw new NodeLocked(node.uuid, node.reservation);
    await recordWhileLocked(deps, node.uuid, record);
    return;
  }
  let task;
  try {
    task = await acquireNode({ ...deps, timeouts: { ...deps.timeouts, nodeLockedRetryAttempts: 1 } }, node.uuid, 'heartbeat');
  } catch (error) {
    if (!(error instanceof NodeLocked)) throw error;
    await recordWhileLocked(deps, node.uuid, record);
    return;
  }
  try {
    // Re-checked under the reservation: the session may have ended since the first read.
    checkHeartbeat(deps, settings, task.node, input);
    const touched = isHeartbeatHandled(task) ? { provision_updated_at: isoTimestamp(deps.clock.now()) } : {};
    await task.save({ driver_internal_info: { ...task.node.driver_internal_info, ...record }, ...touched });
  } catch (error) {
    await task.release();
    throw error;
  }
  dispatchHeartbeat(deps, task, input);
}

/** Validates a heartbeat against the node and returns the driver_internal_info it records. */
function checkHeartbeat(deps: ConductorDeps, settings: AgentSettings, node: NodeRecord, input: HeartbeatInput): JsonObject {
  if (!isAgentTokenValid(node, input.agentToken)) {
    deps.log.warn({ node: node.uuid, callbackUrl: input.callbackUrl, hasToken: input.agentToken !== undefined }, 'heartbeat refused: invalid or missing agent token');
    throw new InvalidParameterValue('Invalid or missing agent token received.');
  }
  if (input.agentVersion === undefined && input.agentStatus === undefined) {
    throw new InvalidParameterValue('Agent did not transmit a version, and a version is required. Please update the agent being used.');
  }
  if (settings.requireTls && !input.callbackUrl.startsWith('https://')) {
    deps.log.warn({ node: node.uuid, callbackUrl: input.callbackUrl }, 'heartbeat refused: callback_url does not use TLS');
    throw new InvalidParameterValue('TLS is required by configuration');
  }
  const known = node.driver_internal_info[AgentInfoKey.Url];
  if (typeof known === 'string' && known !== '' && known !== input.callbackUrl) {
    deps.log.warn({ node: node.uuid, known, callbackUrl: input.callbackUrl }, 'heartbeat refused: callback_url changed within the session');
    throw new InvalidParameterValue('Detected change in ramdisk provided "callback_url"');
  }
  const status = input.agentStatusMessage ?? input.agentStatus;
  return {
    [AgentInfoKey.Url]: input.callbackUrl,
    [AgentInfoKey.Version]: input.agentVersion ?? null,
    [AgentInfoKey.LastHeartbeat]: isoTimestamp(deps.clock.now()),
    ...(status !== undefined ? { [AgentInfoKey.LastStatus]: status } : {}),
    ...(input.agentVerifyCa !== undefined ? pinnedCertificate(node, input.agentVerifyCa) : {}),
  };
}

/**
 * Records the heartbeat on a node another operation holds: a compare-and-set of only the agent's keys on the
 * freshest record, so the holder's own writes win; a lost race just loses this record.
 */
async function recordWhileLocked(deps: ConductorDeps, uuid: string, record: JsonObject): Promise<void> {
  const fresh = await getNode(deps, uuid);
  try {
    await deps.store.nodes.update(uuid, fresh.version, { driver_internal_info: { ...fresh.driver_internal_info, ...record } });
  } catch (error) {
    deps.log.debug({ node: uuid, err: error }, 'heartbeat of a locked node not recorded');
  }
  deps.log.debug({ node: uuid, holder: fresh.reservation }, 'node is locked; heartbeat recorded, processing skipped (the next heartbeat retries)');
}
