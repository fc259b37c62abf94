import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AgentInfoKey, MASKED_TOKEN, type NodeRecord } from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { acquireNode } from './node-task.js';

/** A new agent token: 32 random bytes, url-safe base64, 43 characters (Python's secrets.token_urlsafe()). */
export function newAgentToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * True when `presented` equals the node's token, compared in constant time (Ironic's is_agent_token_valid).
 * No token recorded (wiped at the end of a session) means every heartbeat is refused.
 */
export function isAgentTokenValid(node: Pick<NodeRecord, 'driver_internal_info'>, presented: string | undefined): boolean {
  const known = node.driver_internal_info[AgentInfoKey.Token];
  if (typeof known !== 'string' || known === '' || presented === undefined) return false;
  const a = Buffer.from(known, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The node with its token, generating one on the first lookup of a ramdisk session (Ironic's
 * get_node_with_token): under the node's reservation, so two racing lookups cannot both get a token. Returns
 * the token in clear only to the caller that created it; everyone else gets MASKED_TOKEN. A reserved node
 * without a token answers NodeLocked (409), which the agent retries.
 */
export async function nodeWithToken(deps: ConductorDeps, node: NodeRecord): Promise<{ node: NodeRecord; token: string }> {
  if (typeof node.driver_internal_info[AgentInfoKey.Token] === 'string') return { node, token: MASKED_TOKEN };
  const task = await acquireNode(deps, node.uuid, 'agent token');
  try {
    if (typeof task.node.driver_internal_info[AgentInfoKey.Token] === 'string') return { node: task.node, token: MASKED_TOKEN };
    const token = newAgentToken();
    await task.save({ driver_internal_info: { ...task.node.driver_internal_info, [AgentInfoKey.Token]: token } });
    task.log.info({}, 'agent token generated');
    return { node: task.node, token };
  } finally {
    await task.release();
  }
}
