import { AgentConnectionFailed, AgentInfoKey, type JsonObject, type NodeRecord } from '../../core/index.js';
import type { StepContext } from '../interfaces/index.js';
import { agentEndpoint } from './agent-endpoint.js';
import type { AgentDriverDeps } from './agent-settings.js';
import { refreshAgentSteps, type AgentStepKind } from './agent-steps.js';

/**
 * Fast-track start of a step run (Ironic's deploy() under is_fast_track calling refresh_steps): instead of
 * waiting for a fresh ramdisk's first heartbeat, ask the agent that is running now for its steps of `kind`.
 * Returns the driver_internal_info changes that cache them and reset the per-run keys in `runKeys`. An agent
 * that does not answer fails the run at once with AgentConnectionFailed naming the URL and the last heartbeat,
 * rather than a wait that only the callback timeout would end; the failure sets last_error, so the next attempt
 * is not fast-tracked and boots a fresh ramdisk.
 */
export async function stepsOfRunningAgent(deps: AgentDriverDeps, kind: AgentStepKind, runKeys: JsonObject, ctx: StepContext): Promise<JsonObject> {
  const node = ctx.node();
  const endpoint = agentEndpoint(node);
  let cache: JsonObject;
  try {
    cache = await refreshAgentSteps(deps.client, endpoint, node, kind, ctx.signal);
  } catch (error) {
    throw new AgentConnectionFailed(node.uuid, `fast-track: the running agent at ${endpoint.url} (${lastHeartbeat(node)}) did not list its ${kind} steps: ${error instanceof Error ? error.message : String(error)}. The ramdisk may be gone; retry the operation to boot a fresh one.`, { cause: error });
  }
  ctx.log.info({ kind }, 'fast-track: the running agent listed its steps');
  return { ...runKeys, [AgentInfoKey.PendingCommand]: null, ...cache };
}

function lastHeartbeat(node: NodeRecord): string {
  const last = node.driver_internal_info[AgentInfoKey.LastHeartbeat];
  return typeof last === 'string' ? `last heartbeat ${last}` : 'no heartbeat recorded';
}
