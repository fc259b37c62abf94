import { InvalidParameterValue, MissingParameterValue, type NodeRef } from '../../core/index.js';

/** How the client authenticates (Ironic `redfish_auth_type`): session first, basic as fallback, or one of them. */
export type RedfishAuthType = 'auto' | 'basic' | 'session';

/** A node's Redfish driver_info, checked and normalised. */
export interface RedfishDriverInfo {
  /** Scheme, host and port only (`https://10.0.0.5:443`); Redfish URIs always start at `/redfish/v1`. */
  origin: string;
  /** Full path of the ComputerSystem, when the BMC manages several. */
  systemId: string | undefined;
  username: string | undefined;
  password: string | undefined;
  /** true: system trust store; false: no verification (explicit opt-in); string: CA bundle file or directory. */
  verifyCa: boolean | string;
  authType: RedfishAuthType;
  /** Per-node request timeout (driver_info redfish_timeout, seconds), when given. */
  requestTimeoutMs: number | undefined;
}

const AUTH_TYPES: readonly RedfishAuthType[] = ['auto', 'basic', 'session'];

/** Reads and checks a node's driver_info; throws MissingParameterValue / InvalidParameterValue naming the key. */
export function parseRedfishDriverInfo(node: NodeRef): RedfishDriverInfo {
  const info = node.driver_info;
  const address = info['redfish_address'];
  if (address === undefined || address === null || address === '') {
    throw new MissingParameterValue(`Node ${node.uuid} is missing driver_info redfish_address, the URL of its Redfish BMC.`);
  }
  if (typeof address !== 'string') throw invalid(node, 'redfish_address', 'must be a URL or host name');
  return {
    origin: parseOrigin(node, address),
    systemId: optionalString(node, 'redfish_system_id'),
    username: optionalString(node, 'redfish_username'),
    password: optionalString(node, 'redfish_password'),
    verifyCa: parseVerifyCa(node, info['redfish_verify_ca']),
    authType: parseAuthType(node, info['redfish_auth_type']),
    requestTimeoutMs: parseTimeout(node, info['redfish_timeout']),
  };
}

/** Ironic accepts a bare host ("10.0.0.5" or "bmc:8443") and assumes https (ironic/drivers/modules/redfish/utils.py). */
function parseOrigin(node: NodeRef, address: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `https://${address}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch (error) {
    throw new InvalidParameterValue(`Invalid driver_info redfish_address "${address}" on node ${node.uuid}: not a URL.`, { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(node, 'redfish_address', 'must use http or https');
  if (url.username !== '' || url.password !== '') throw invalid(node, 'redfish_address', 'must not carry credentials; use redfish_username and redfish_password');
  return url.origin;
}

function parseVerifyCa(node: NodeRef, value: unknown): boolean | string {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string' || value === '') throw invalid(node, 'redfish_verify_ca', 'must be a boolean or the path of a CA bundle');
  // Ironic parses strings with oslo strutils: "true"/"false"/"yes"/"no"/"1"/"0" are booleans, anything else a path.
  const lower = value.toLowerCase();
  if (['true', 'yes', 'on', '1', 't', 'y'].includes(lower)) return true;
  if (['false', 'no', 'off', '0', 'f', 'n'].includes(lower)) return false;
  if (!value.startsWith('/')) throw invalid(node, 'redfish_verify_ca', 'must be a boolean or an absolute path of a CA bundle file or directory');
  return value;
}

function parseAuthType(node: NodeRef, value: unknown): RedfishAuthType {
  if (value === undefined || value === null) return 'auto';
  if (typeof value === 'string' && (AUTH_TYPES as readonly string[]).includes(value)) return value as RedfishAuthType;
  throw invalid(node, 'redfish_auth_type', `must be one of ${AUTH_TYPES.join(', ')}`);
}

function parseTimeout(node: NodeRef, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) throw invalid(node, 'redfish_timeout', 'must be a positive number of seconds');
  return Math.round(seconds * 1000);
}

function optionalString(node: NodeRef, key: string): string | undefined {
  const value = node.driver_info[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(node, key, 'must be a string');
  return value === '' ? undefined : value;
}

function invalid(node: NodeRef, key: string, why: string): InvalidParameterValue {
  return new InvalidParameterValue(`Invalid driver_info ${key} on node ${node.uuid}: it ${why}.`);
}
