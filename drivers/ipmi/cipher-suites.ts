/** Hash functions the RAKP and integrity algorithms are built on. */
export type HashName = 'sha1' | 'sha256';

/**
 * One RMCP+ cipher suite (IPMI 2.0 §22.15.2 Table 22-20) with the lengths its algorithms put on the wire.
 * We speak the two that matter in practice: 3 (what every BMC has) and 17 (what newer BMCs prefer).
 */
export interface CipherSuite {
  id: number;
  /** Authentication algorithm number in the Open Session payload (§13.28): 1 RAKP-HMAC-SHA1, 3 RAKP-HMAC-SHA256. */
  authenticationAlgorithm: number;
  /** Integrity algorithm number (§13.28.4): 1 HMAC-SHA1-96, 4 HMAC-SHA256-128. */
  integrityAlgorithm: number;
  /** Confidentiality algorithm number (§13.28.5): 1 AES-CBC-128. */
  confidentialityAlgorithm: number;
  hash: HashName;
  /** Bytes of the RAKP 2/3 key exchange authentication code: the full HMAC. */
  keyExchangeCodeLength: number;
  /** Bytes of the RAKP 4 integrity check value and of every packet's AuthCode (the truncated HMAC). */
  integrityCodeLength: number;
}

const SUITE_3: CipherSuite = {
  id: 3,
  authenticationAlgorithm: 1,
  integrityAlgorithm: 1,
  confidentialityAlgorithm: 1,
  hash: 'sha1',
  keyExchangeCodeLength: 20,
  integrityCodeLength: 12,
};

const SUITE_17: CipherSuite = {
  id: 17,
  authenticationAlgorithm: 3,
  integrityAlgorithm: 4,
  confidentialityAlgorithm: 1,
  hash: 'sha256',
  keyExchangeCodeLength: 32,
  integrityCodeLength: 16,
};

/** Cipher suites the native client implements, most preferred first. */
export const NATIVE_CIPHER_SUITES: readonly CipherSuite[] = [SUITE_17, SUITE_3];

/** The cipher suite with number `id`, or undefined when the native client does not implement it. */
export function cipherSuite(id: number): CipherSuite | undefined {
  return NATIVE_CIPHER_SUITES.find((suite) => suite.id === id);
}
