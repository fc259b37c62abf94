import { X509Certificate } from 'node:crypto';
import { AgentInfoKey, InvalidParameterValue, type JsonObject, type NodeRecord } from '../../core/index.js';

/**
 * driver_internal_info changes pinning the certificate a heartbeat carries (agent_verify_ca, 1.68): the PEM
 * and its sha256 fingerprint. Like Ironic's store_agent_certificate, a session keeps its first certificate:
 * a different one is refused, since only a forged agent would change it. A PEM that is not a certificate is
 * refused too (400).
 */
export function pinnedCertificate(node: Pick<NodeRecord, 'uuid' | 'driver_internal_info'>, pem: string): JsonObject {
  let fingerprint: string;
  try {
    fingerprint = new X509Certificate(pem).fingerprint256;
  } catch (error) {
    throw new InvalidParameterValue(`Field "agent_verify_ca" of the heartbeat for node ${node.uuid} is not a PEM certificate.`, { cause: error });
  }
  const pinned = node.driver_internal_info[AgentInfoKey.CertFingerprint];
  if (typeof pinned === 'string' && pinned !== '' && pinned !== fingerprint) {
    throw new InvalidParameterValue('Detected change in ramdisk provided "agent_verify_ca"');
  }
  return { [AgentInfoKey.VerifyCa]: pem, [AgentInfoKey.CertFingerprint]: fingerprint };
}
