import { AgentInfoKey, NodeLocked, ProvisionState, isoTimestamp, type JsonValue, type NodeRecord } from '../../core/index.js';
import {
  acquireNode, cleanUpRescue, clearedSteps, failNode, type ConductorDeps, type ConductorTimeouts, type NodeTask,
} from '../workers/index.js';
import type { ClusterView } from './conductor-registration.js';
import { eachNode } from './each-node.js';
import { nodeControl } from '../workers/node-control.js';

const S = ProvisionState;

/** Each wait state, its timeout and Ironic's message for it. */
const WAITS: readonly { state: ProvisionState; timeout: keyof ConductorTimeouts; message: (n: NodeRecord) => string }[] = [
  { state: S.DeployWait, timeout: 'deployCallbackMs', message: (n) => `Timeout reached while waiting for callback for node ${n.uuid}` },
  { state: S.CleanWait, timeout: 'cleanCallbackMs', message: (n) => `Timeout reached while cleaning the node. Please check if the ramdisk responsible for the cleaning is running on the node. Failed on step ${stepName(n.clean_step)}.` },
  { state: S.InspectWait, timeout: 'inspectWaitMs', message: (n) => `Timeout reached while inspecting the node ${n.uuid}` },
  { state: S.RescueWait, timeout: 'rescueCallbackMs', message: (n) => `Timeout reached while waiting for rescue ramdisk callback for node ${n.uuid}` },
  { state: S.ServiceWait, timeout: 'serviceCallbackMs', message: (n) => `Timeout reached while servicing the node ${n.uuid}. Failed on step ${stepName(n.service_step)}.` },
];

/**
 * Fails nodes whose wait state outlived its callback timeout (_check_deploy_timeouts & co): unreserved,
 * not in maintenance, provision_updated_at older than the timeout. last_error says what was last heard.
 */
export async function checkCallbackTimeouts(deps: ConductorDeps, cluster: ClusterView, signal: AbortSignal): Promise<void> {
  const now = deps.clock.now();
  for await (const node of eachNode(deps.store, { provision_states: WAITS.map((w) => w.state), maintenance: false })) {
    if (signal.aborted) return;
    const wait = WAITS.find((w) => w.state === node.provision_state);
    const timeoutMs = wait ? deps.timeouts[wait.timeout] : 0;
    if (!wait || timeoutMs <= 0 || node.reservation !== null || !cluster.isMine(node) || !isExpired(node, now, timeoutMs)) continue;
    try {
      await failTimedOut(deps, node.uuid, wait.message, now, timeoutMs, signal);
    } catch (error) {
      if (!(error instanceof NodeLocked)) deps.log.warn({ node: node.uuid, err: error }, 'could not fail a timed-out node');
    }
  }
}

function isExpired(node: NodeRecord, now: number, timeoutMs: number): boolean {
  const since = node.provision_updated_at ? Date.parse(node.provision_updated_at) : Number.NaN;
  return Number.isFinite(since) && now - since > timeoutMs;
}

async function failTimedOut(deps: ConductorDeps, uuid: string, message: (n: NodeRecord) => string, now: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const task = await acquireNode({ ...deps, timeouts: { ...deps.timeouts, nodeLockedRetryAttempts: 1 } }, uuid, 'callback timeout');
  try {
    const node = task.node;
    if (!WAITS.some((w) => w.state === node.provision_state) || node.maintenance || !isExpired(node, now, timeoutMs)) return;
    const text = `${message(node)}. ${heartbeatDetail(node)}`.replace(/\.\. /, '. ');
    await cleanUp(deps, task, signal);
    await failNode(deps, task, text, changesFor(node, text));
  } finally {
    await task.release();
  }
}

/**
 * What the agent last said, so the operator knows how far the ramdisk got (issue #5): its last heartbeat and
 * status message, or that it looked the node up but never heartbeated, or that it never looked up at all.
 */
export function heartbeatDetail(node: NodeRecord): string {
  const info = node.driver_internal_info;
  const last: JsonValue | undefined = info[AgentInfoKey.LastHeartbeat];
  const status: JsonValue | undefined = info[AgentInfoKey.LastStatus];
  const said = typeof status === 'string' && status !== '' ? ` Its last status was: "${status}".` : '';
  if (typeof last === 'string' && last !== '') return `The last heartbeat from the agent was received at ${last}.${said}`;
  if (typeof last === 'number') return `The last heartbeat from the agent was received at ${isoTimestamp(last > 1e12 ? last : last * 1000)}.${said}`;
  if (typeof info[AgentInfoKey.Token] === 'string') {
    return 'The agent looked the node up but never heartbeated: check that it can reach the API for heartbeats and that the conductor can reach it on port 9999.';
  }
  return 'The agent never looked up: the ramdisk did not boot or could not reach the API at its ipa-api-url (see httpBoot.apiUrls).';
}

function changesFor(node: NodeRecord, text: string): Partial<NodeRecord> {
  if (node.provision_state === S.CleanWait) {
    const inStep = Object.keys(node.clean_step).length > 0;
    // cleanup_cleanwait_timeout -> cleaning_error_handler: maintenance when a clean step was running.
    return { ...clearedSteps(node, 'clean'), ...(inStep ? { maintenance: true, fault: 'clean failure', maintenance_reason: node.maintenance_reason ?? text } : {}) };
  }
  if (node.provision_state === S.DeployWait) return clearedSteps(node, 'deploy');
  if (node.provision_state === S.ServiceWait) return clearedSteps(node, 'service');
  return {};
}

async function cleanUp(deps: ConductorDeps, task: NodeTask, signal: AbortSignal): Promise<void> {
  const ctx = nodeControl(deps, task, signal);
  const state = task.node.provision_state;
  try {
    if (state === S.RescueWait) await cleanUpRescue(task, signal);
    else if (state === S.InspectWait) await task.driver().inspect.abort?.(task.node, ctx);
    else if (state === S.CleanWait) await task.driver().deploy.finishSteps?.(task.node, 'clean', ctx);
    else if (state === S.DeployWait) await task.driver().deploy.finishSteps?.(task.node, 'deploy', ctx);
    else if (state === S.ServiceWait) await task.driver().deploy.finishSteps?.(task.node, 'service', ctx);
  } catch (error) {
    task.log.warn({ err: error }, 'clean-up after callback timeout failed');
  }
}

function stepName(step: NodeRecord['clean_step']): string {
  return typeof step['interface'] === 'string' && typeof step['step'] === 'string' ? `${step['interface']}.${step['step']}` : 'None';
}
