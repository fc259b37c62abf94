import { DriverOperationError } from '../../core/index.js';
import type { RedfishMessage } from './extended-info.js';

/**
 * Error codes of the Redfish adapters (DriverOperationError.code). Callers branch on these and on the
 * RedfishHttpFailure kept as `cause`, never on message text (STYLE §5).
 */
export const RedfishErrorCode = {
  /** The BMC could not be reached or did not answer in time. */
  Connection: 'RedfishConnectionError',
  /** The BMC answered 401: the user name or password is wrong. */
  CredentialsRejected: 'RedfishCredentialsRejected',
  /** The BMC answered with an error status. */
  Http: 'RedfishError',
  /** The BMC kept saying "busy" (503, SYS518 ...) after every retry. */
  Busy: 'RedfishBusy',
  /** The BMC answered something that is not the Redfish it promised (bad JSON, missing links). */
  InvalidResponse: 'RedfishInvalidResponse',
  /** A task monitor ended in Exception/Killed/Cancelled or did not finish in time. */
  TaskFailed: 'RedfishTaskFailed',
  /** Settings (BIOS attributes) were accepted but did not read back after the reboot that applies them. */
  SettingsNotApplied: 'RedfishSettingsNotApplied',
} as const;
export type RedfishErrorCode = (typeof RedfishErrorCode)[keyof typeof RedfishErrorCode];

/** The HTTP answer behind a RedfishError: kept as `cause` so retries and fallbacks read data, not text. */
export class RedfishHttpFailure extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly messages: readonly RedfishMessage[],
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${status} for ${method} ${path}`);
    this.name = 'RedfishHttpFailure';
  }
}

/** Why a request never got an HTTP answer; the undici error is its `cause`. */
export type TransportFailureKind = 'timeout' | 'refused' | 'reset' | 'tls' | 'other';

/** A request that got no HTTP answer. */
export class RedfishTransportFailure extends Error {
  constructor(readonly kind: TransportFailureKind, message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'RedfishTransportFailure';
  }
}

/** Builds one of our errors; every Redfish failure leaving this folder is a DriverOperationError. */
export function redfishError(code: RedfishErrorCode, message: string, cause?: unknown): DriverOperationError {
  return new DriverOperationError(code, message, cause === undefined ? undefined : { cause });
}

/** The HTTP failure behind an error thrown by the client, if it was one. */
export function httpFailureOf(error: unknown): RedfishHttpFailure | undefined {
  if (error instanceof RedfishHttpFailure) return error;
  if (error instanceof DriverOperationError && error.cause instanceof RedfishHttpFailure) return error.cause;
  return undefined;
}

/** True when `error` carries an HTTP failure with one of `statuses`. */
export function hasHttpStatus(error: unknown, ...statuses: number[]): boolean {
  const failure = httpFailureOf(error);
  return failure !== undefined && statuses.includes(failure.status);
}
