import { InvalidParameterValue, MissingParameterValue, type JsonValue, type NodeRef } from '../../core/index.js';
import { cipherSuite } from './cipher-suites.js';
import type { BmcTarget } from './ipmi-client.js';
import { PrivilegeLevel, isPrivilegeName } from './privilege-level.js';

/** Which implementation reads driver_info: the native client or ipmitool in a subprocess. */
export type IpmiFlavour = 'native' | 'cli';

/** Ironic's ipmi driver_info, checked and with defaults applied. */
export interface IpmiDriverInfo {
  target: BmcTarget;
  protocolVersion: '1.5' | '2.0';
  /** Remember the boot device and send it again before each power on (ipmi_force_boot_device). */
  forceBootDevice: boolean;
  /** ipmi_disable_boot_timeout, default true as in Ironic. */
  disableBootTimeout: boolean;
}

/** IPMI 2.0 §13.20 / §22.26: user names up to 16 bytes, passwords up to 20 bytes. */
const MAX_USERNAME_BYTES = 16;
const MAX_PASSWORD_BYTES = 20;
const DEFAULT_PORT = 623;

/**
 * Reads and checks a node's ipmi_* driver_info without touching the network. Throws MissingParameterValue
 * or InvalidParameterValue naming the key; password values never appear in messages.
 */
export function parseIpmiDriverInfo(node: NodeRef, flavour: IpmiFlavour): IpmiDriverInfo {
  const info = node.driver_info;
  const invalid = (key: string, why: string): InvalidParameterValue =>
    new InvalidParameterValue(`Invalid ${key} in driver_info of node ${node.uuid}: ${why}.`);
  const host = info['ipmi_address'];
  if (host === undefined || host === null || host === '') {
    throw new MissingParameterValue(
      `Missing the following IPMI credentials in driver_info of node ${node.uuid}: ipmi_address.`,
    );
  }
  if (typeof host !== 'string' || /\s/.test(host))
    throw invalid('ipmi_address', 'it must be a host name or IP address');
  const port = integerOf(info['ipmi_port'], DEFAULT_PORT);
  if (port === undefined || port < 1 || port > 65535)
    throw invalid('ipmi_port', `it must be an integer between 1 and 65535, got ${JSON.stringify(info['ipmi_port'])}`);
  const username = optionalString(info['ipmi_username']);
  if (username === undefined || Buffer.byteLength(username) > MAX_USERNAME_BYTES)
    throw invalid('ipmi_username', `it must be a string of at most ${MAX_USERNAME_BYTES} bytes`);
  const password = optionalString(info['ipmi_password']);
  if (password === undefined || Buffer.byteLength(password) > MAX_PASSWORD_BYTES)
    throw invalid('ipmi_password', `it must be a string of at most ${MAX_PASSWORD_BYTES} bytes`);
  const privilegeName = info['ipmi_priv_level'] ?? 'ADMINISTRATOR';
  if (!isPrivilegeName(privilegeName))
    throw invalid(
      'ipmi_priv_level',
      `it must be one of ${Object.keys(PrivilegeLevel).join(', ')}, got ${JSON.stringify(privilegeName)}`,
    );
  const protocolVersion = info['ipmi_protocol_version'] ?? '2.0';
  if (protocolVersion !== '1.5' && protocolVersion !== '2.0')
    throw invalid('ipmi_protocol_version', `it must be '1.5' or '2.0', got ${JSON.stringify(protocolVersion)}`);
  if (protocolVersion === '1.5' && flavour === 'native')
    throw invalid(
      'ipmi_protocol_version',
      "the native 'ipmitool' interfaces speak IPMI 2.0 only; set power_interface and management_interface to 'ipmitool-cli' for IPMI 1.5 BMCs",
    );
  const suite = parseCipherSuite(info['ipmi_cipher_suite'], flavour, (why) => invalid('ipmi_cipher_suite', why));
  return {
    target: {
      host,
      port,
      username,
      password,
      privilege: PrivilegeLevel[privilegeName],
      cipherSuite: suite,
      protocolVersion,
    },
    protocolVersion,
    forceBootDevice: booleanOf(info['ipmi_force_boot_device'], false, () =>
      invalid('ipmi_force_boot_device', 'it must be a boolean'),
    ),
    disableBootTimeout: booleanOf(info['ipmi_disable_boot_timeout'], true, () =>
      invalid('ipmi_disable_boot_timeout', 'it must be a boolean'),
    ),
  };
}

function parseCipherSuite(
  value: JsonValue | undefined,
  flavour: IpmiFlavour,
  invalid: (why: string) => Error,
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const suite = integerOf(value, 0);
  if (suite === undefined || suite < 0 || suite > 255)
    throw invalid(`it must be a cipher suite number, got ${JSON.stringify(value)}`);
  if (flavour === 'native' && !cipherSuite(suite)) {
    throw invalid(
      `the native 'ipmitool' interfaces support cipher suites 3 and 17, got ${suite}; use 'ipmitool-cli' for others`,
    );
  }
  return suite;
}

function optionalString(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

function integerOf(value: JsonValue | undefined, fallback: number): number | undefined {
  if (value === undefined || value === null) return fallback;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/** Ironic's strutils.bool_from_string, strictly: anything unrecognised is an error, not false. */
function booleanOf(value: JsonValue | undefined, fallback: boolean, invalid: () => Error): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(text)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(text)) return false;
  throw invalid();
}
