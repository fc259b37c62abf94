import { DriverOperationError } from '../../core/index.js';

/** What went wrong talking to a BMC. The conductor shows the message as the node's last_error. */
export type IpmiErrorKind =
  | 'timeout' // no (valid) answer after every retransmission
  | 'credentials' // the BMC refused the user name, password, key or privilege level
  | 'malformed' // the BMC answered with bytes we cannot parse or verify
  | 'command' // the BMC answered a command with a non-zero completion code
  | 'session' // the session could not be opened or was refused (no free session, bad cipher suite ...)
  | 'unsupported' // the BMC or this implementation cannot do what was asked
  | 'tool'; // the ipmitool subprocess failed in a way we cannot classify

const CODES: Readonly<Record<IpmiErrorKind, string>> = {
  timeout: 'IpmiTimeout',
  credentials: 'IpmiCredentialsRejected',
  malformed: 'IpmiMalformedReply',
  command: 'IpmiCommandFailed',
  session: 'IpmiSessionFailed',
  unsupported: 'IpmiUnsupported',
  tool: 'IpmitoolFailed',
};

/**
 * A failure of the IPMI adapters, with a stable code per kind. Messages never contain secrets; they name the
 * BMC as host:port and, for command failures, carry the completion code.
 */
export class IpmiError extends DriverOperationError {
  /** The completion code when `kind` is 'command' (IPMI 2.0 §5.2 Table 5-2). */
  readonly completionCode: number | undefined;

  constructor(
    readonly kind: IpmiErrorKind,
    message: string,
    options: { cause?: unknown; completionCode?: number } = {},
  ) {
    super(CODES[kind], message, options.cause === undefined ? undefined : { cause: options.cause });
    this.completionCode = options.completionCode;
  }
}

/** True when `error` is an IpmiError, of `kind` when given. */
export function isIpmiError(error: unknown, kind?: IpmiErrorKind): error is IpmiError {
  return error instanceof IpmiError && (kind === undefined || error.kind === kind);
}

/** A parser's complaint about bytes that do not follow the wire format; callers add which BMC sent them. */
export function malformed(reason: string): IpmiError {
  return new IpmiError('malformed', reason);
}
