import type { AgentStatus, JsonObject } from '../core/index.js';

/**
 * What the agent knows that changes while it runs, shared by the command API and the heartbeat: the node
 * as last sent by the conductor (lookup or a command's `node` parameter; IPA hardware.cache_node) and the
 * progress of the current command.
 */
export interface AgentState {
  node: JsonObject | undefined;
  ports: JsonObject[];
  /** Latest progress message, sent as agent_status_message. */
  progress: string | undefined;
  /** Sent as agent_status: 'start' while a command runs, 'end' or 'error' after it. */
  status: AgentStatus | undefined;
}

/** A fresh state: nothing known yet. */
export function createAgentState(): AgentState {
  return { node: undefined, ports: [], progress: undefined, status: undefined };
}
