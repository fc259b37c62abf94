import { AgentConnectionFailed, AgentInfoKey, type NodeRef } from '../../core/index.js';

/** Where and how to reach a node's agent: what its heartbeats told the conductor. */
export interface AgentEndpoint {
  nodeUuid: string;
  /** `https://<ip>:9999` from the last heartbeat's callback_url. */
  url: string;
  /** The node's agent token; sent as the `agent_token` query parameter and never logged. */
  token: string;
  /** PEM of the agent's self-signed certificate (first TLS heartbeat), the only CA trusted for it. */
  caPem?: string;
  /** sha256 fingerprint the peer certificate must have (`AA:BB:…`, Node's fingerprint256 format). */
  fingerprint?: string;
}

/**
 * The endpoint of the node's agent from driver_internal_info, or AgentConnectionFailed when the agent has not
 * heartbeated in this ramdisk session (Ironic raises the same when agent_url is missing).
 */
export function agentEndpoint(node: Pick<NodeRef, 'uuid' | 'driver_internal_info'>): AgentEndpoint {
  const info = node.driver_internal_info;
  const url = info[AgentInfoKey.Url];
  const token = info[AgentInfoKey.Token];
  if (typeof url !== 'string' || url === '') {
    throw new AgentConnectionFailed(node.uuid, 'the agent has not heartbeated yet (no agent_url); the ramdisk may not have booted.');
  }
  if (typeof token !== 'string' || token === '') {
    throw new AgentConnectionFailed(node.uuid, 'no agent token is recorded for this ramdisk session.');
  }
  const ca = info[AgentInfoKey.VerifyCa];
  const fingerprint = info[AgentInfoKey.CertFingerprint];
  return {
    nodeUuid: node.uuid, url: url.replace(/\/+$/, ''), token,
    ...(typeof ca === 'string' && ca !== '' ? { caPem: ca } : {}),
    ...(typeof fingerprint === 'string' && fingerprint !== '' ? { fingerprint } : {}),
  };
}

/** True when the node's agent has called back in this ramdisk session. */
export function hasAgent(node: Pick<NodeRef, 'driver_internal_info'>): boolean {
  const url = node.driver_internal_info[AgentInfoKey.Url];
  return typeof url === 'string' && url !== '';
}
