import type { PeerCertificate } from 'node:tls';
import { Agent } from 'undici';
import type { AgentEndpoint } from './agent-endpoint.js';

/** Thrown from the TLS handshake when the agent's certificate is not the pinned one. */
export class PinnedCertificateMismatch extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super('peer certificate fingerprint does not match the pinned certificate');
  }
}

/**
 * An undici dispatcher for one agent. With a pinned certificate (IPA's auto-generated one, sent as
 * agent_verify_ca), that PEM is the only CA, and the peer's sha256 fingerprint must equal the pinned one:
 * chain validation alone would accept any certificate the same key signed. The host name is not checked,
 * because IPA puts the address it guessed into the certificate and the pin is stronger. Without a pin
 * (an agent with an operator-issued certificate) the system CAs and the host name are checked as usual.
 */
export function agentDispatcher(endpoint: AgentEndpoint, timeoutMs: number): Agent {
  const connect = endpoint.caPem !== undefined && endpoint.fingerprint !== undefined
    ? { timeout: timeoutMs, ca: endpoint.caPem, checkServerIdentity: pinCheck(endpoint.fingerprint) }
    : { timeout: timeoutMs };
  return new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connections: 1, pipelining: 0 });
}

function pinCheck(expected: string): (host: string, cert: PeerCertificate) => Error | undefined {
  const want = normalizeFingerprint(expected);
  return (_host, cert) => {
    const got = normalizeFingerprint(cert.fingerprint256);
    return got === want ? undefined : new PinnedCertificateMismatch(want, got);
  };
}

/** `aa:bb…` or `AABB…` -> `AA:BB:…`, so fingerprints compare whatever their spelling. */
export function normalizeFingerprint(value: string): string {
  const hex = value.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}
