import { NotFound, type JsonObject, type NodeRecord } from '../../core/index.js';
import { agentContinueInspection, type AgentInspectionDeps } from './agent-continue-inspection.js';
import { agentHeartbeat, type HeartbeatInput } from './agent-heartbeat.js';
import type { AgentLogEntry } from './agent-log-store.js';
import { agentLookup } from './agent-lookup.js';
import type { ConductorDeps } from './conductor-deps.js';
import { getNode } from './node-task.js';

export type { HeartbeatInput } from './agent-heartbeat.js';
export type { AgentLogEntry } from './agent-log-store.js';

/** A node as the agent endpoints answer it, with its token (clear once per session, masked after). */
export interface NodeWithToken {
  node: NodeRecord;
  token: string;
}

/** What the API's agent routes ask of the conductor (issue #5). */
export interface AgentEndpoints {
  /** config.heartbeat_timeout for lookup answers. */
  readonly heartbeatTimeoutS: number;
  lookup(addresses: readonly string[], nodeUuid: string | undefined): Promise<NodeWithToken>;
  heartbeat(ident: string, input: HeartbeatInput): Promise<void>;
  /** `handOutToken` false (requests before 1.84, answered with the UUID only): no token is generated. */
  continueInspection(body: JsonObject, nodeUuid: string | undefined, handOutToken?: boolean): Promise<NodeWithToken>;
  /** Ramdisk logs stored for the node, newest first (NodeNotFound for an unknown node). */
  listLogs(ident: string): Promise<AgentLogEntry[]>;
  readLog(ident: string, name: string): Promise<Buffer>;
}

/** The agent endpoints bound to the conductor's deps. */
export function createAgentEndpoints(deps: ConductorDeps, agent: AgentInspectionDeps): AgentEndpoints {
  return {
    heartbeatTimeoutS: agent.settings.heartbeatTimeoutS,
    lookup: (addresses, nodeUuid) => agentLookup(deps, addresses, nodeUuid),
    heartbeat: (ident, input) => agentHeartbeat(deps, agent.settings, ident, input),
    continueInspection: (body, nodeUuid, handOutToken) => agentContinueInspection(deps, agent, body, nodeUuid, handOutToken),
    listLogs: async (ident) => {
      const node = await getNode(deps, ident);
      return agent.logs ? agent.logs.list(node.uuid) : [];
    },
    readLog: async (ident, name) => {
      const node = await getNode(deps, ident);
      if (!agent.logs) throw new NotFound('Agent log', name);
      return agent.logs.read(node.uuid, name);
    },
  };
}
