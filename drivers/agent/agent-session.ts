import { AgentInfoKey, type JsonObject, type NodeRecord } from '../../core/index.js';
import type { AgentStepKind } from './agent-steps.js';

/**
 * driver_internal_info changes that end the agent's session (Ironic's wipe_token_and_url): the token, the
 * callback URL, the pinned certificate and any pending command, so neither a replayed heartbeat nor a
 * conductor call can reach a ramdisk that is gone.
 */
export function endedSession(): JsonObject {
  return {
    [AgentInfoKey.Token]: null, [AgentInfoKey.TokenPregenerated]: null, [AgentInfoKey.Url]: null,
    [AgentInfoKey.VerifyCa]: null, [AgentInfoKey.CertFingerprint]: null, [AgentInfoKey.PendingCommand]: null,
  };
}

/**
 * Changes that start a new ramdisk session before a (re)boot: the old session ends, and what the last agent
 * said is forgotten too, so a callback timeout reports this boot, not an earlier one.
 */
export function freshSession(): JsonObject {
  return { ...endedSession(), [AgentInfoKey.LastHeartbeat]: null, [AgentInfoKey.LastStatus]: null, [AgentInfoKey.Version]: null };
}

/** The step run the node is in, from its provision state (a step call does not carry it). */
export function runKind(node: Pick<NodeRecord, 'provision_state'>): AgentStepKind {
  const state = node.provision_state;
  if (state === 'cleaning' || state === 'clean wait') return 'clean';
  if (state === 'servicing' || state === 'service wait') return 'service';
  return 'deploy';
}
