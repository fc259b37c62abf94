/** IPMI 2.0 §5.2 Table 5-2: generic completion codes. */
const GENERIC_COMPLETION_CODES: ReadonlyMap<number, string> = new Map([
  [0x00, 'command completed normally'],
  [0xc0, 'node busy'],
  [0xc1, 'invalid command'],
  [0xc2, 'command invalid for given LUN'],
  [0xc3, 'timeout while processing command'],
  [0xc4, 'out of space'],
  [0xc5, 'reservation cancelled or invalid reservation ID'],
  [0xc6, 'request data truncated'],
  [0xc7, 'request data length invalid'],
  [0xc8, 'request data field length limit exceeded'],
  [0xc9, 'parameter out of range'],
  [0xca, 'cannot return number of requested data bytes'],
  [0xcb, 'requested sensor, data, or record not present'],
  [0xcc, 'invalid data field in request'],
  [0xcd, 'command illegal for specified sensor or record type'],
  [0xce, 'command response could not be provided'],
  [0xcf, 'cannot execute duplicated request'],
  [0xd0, 'SDR repository in update mode'],
  [0xd1, 'device in firmware update mode'],
  [0xd2, 'BMC initialization in progress'],
  [0xd3, 'destination unavailable'],
  [0xd4, 'insufficient privilege level'],
  [0xd5, 'command not supported in present state'],
  [0xd6, 'command sub-function has been disabled or is unavailable'],
  [0xff, 'unspecified error'],
]);

/**
 * Command-specific codes (0x80-0xBE) mean different things per command; these are the ones of the commands
 * we send. Key: `netFn:command`.
 */
const COMMAND_COMPLETION_CODES: ReadonlyMap<string, ReadonlyMap<number, string>> = new Map([
  // §28.12 Set System Boot Options
  [
    '0:8',
    new Map([
      [0x80, 'parameter not supported'],
      [0x81, "attempt to set 'set in progress' when not in 'set complete' state"],
      [0x82, 'attempt to write a read-only parameter'],
    ]),
  ],
  // §28.13 Get System Boot Options
  ['0:9', new Map([[0x80, 'parameter not supported']])],
  // §22.18 Set Session Privilege Level
  [
    '6:59',
    new Map([
      [0x80, 'requested level not available for this user'],
      [0x81, 'requested level exceeds channel and/or user privilege limit'],
      [0x82, 'cannot disable user level authentication'],
    ]),
  ],
  // §22.19 Close Session
  [
    '6:60',
    new Map([
      [0x87, 'invalid session ID'],
      [0x88, 'invalid session handle'],
    ]),
  ],
]);

/** A readable explanation of a completion code, e.g. `0xd4 (insufficient privilege level)`. */
export function describeCompletionCode(code: number, netFn?: number, command?: number): string {
  const specific =
    netFn === undefined || command === undefined
      ? undefined
      : COMMAND_COMPLETION_CODES.get(`${netFn}:${command}`)?.get(code);
  const text =
    specific ??
    GENERIC_COMPLETION_CODES.get(code) ??
    (code >= 0x01 && code <= 0x7e ? 'OEM completion code' : 'unknown completion code');
  return `${hex(code)} (${text})`;
}

/** IPMI 2.0 §13.24 Table 13-15: RMCP+ and RAKP message status codes. */
const RMCP_PLUS_STATUS: readonly string[] = [
  'no errors',
  'insufficient resources to create a session',
  'invalid session ID',
  'invalid payload type',
  'invalid authentication algorithm',
  'invalid integrity algorithm',
  'no matching authentication payload',
  'no matching integrity payload',
  'inactive session ID',
  'invalid role',
  'unauthorized role or privilege level requested',
  'insufficient resources to create a session at the requested role',
  'invalid name length',
  'unauthorized name',
  'unauthorized GUID',
  'invalid integrity check value',
  'invalid confidentiality algorithm',
  'no cipher suite match with proposed security algorithms',
  'illegal or unrecognized parameter',
];

/** RMCP+ status codes by name, for the ones the session logic reacts to. */
export const RmcpPlusStatus = {
  NoErrors: 0x00,
  InsufficientResources: 0x01,
  InvalidSessionId: 0x02,
  InvalidAuthenticationAlgorithm: 0x04,
  InvalidIntegrityAlgorithm: 0x05,
  InvalidRole: 0x09,
  UnauthorizedRole: 0x0a,
  InactiveSessionId: 0x08,
  InsufficientResourcesForRole: 0x0b,
  InvalidNameLength: 0x0c,
  UnauthorizedName: 0x0d,
  InvalidIntegrityCheckValue: 0x0f,
  InvalidConfidentialityAlgorithm: 0x10,
  NoCipherSuiteMatch: 0x11,
} as const;

/** A readable explanation of an RMCP+ status code, e.g. `0x0d (unauthorized name)`. */
export function describeRmcpPlusStatus(code: number): string {
  return `${hex(code)} (${RMCP_PLUS_STATUS[code] ?? 'unknown status code'})`;
}

/** `0x0d`: how IPMI documents print bytes. */
export function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}
