import type { RedfishHttpFailure, TransportFailureKind } from './redfish-failure.js';

/** An HTTP method as the client sends it. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * A BMC answer that means "not now, try again" (redfish.md §2.2). One row per condition: the methods and
 * statuses it applies to and, when the status alone is not enough, a MessageId fragment. Matching is on the
 * MessageId field of `@Message.ExtendedInfo` (structured data), never on the human-readable text.
 */
export interface BusyCondition {
  name: string;
  methods: readonly HttpMethod[] | 'any';
  statuses: readonly number[];
  /** Any of these fragments in any MessageId; absent: the status alone matches. */
  messageIds?: readonly string[];
  source: string;
}

const ALL = 'any' as const;
const WRITES: readonly HttpMethod[] = ['POST', 'PATCH', 'DELETE'];

/** The busy conditions we retry, in the order they are checked. */
export const BUSY_CONDITIONS: readonly BusyCondition[] = [
  { name: 'service unavailable', methods: ALL, statuses: [503], source: 'RFC 9110 §15.6.4; OpenBMC 503 while busy (xcat2/xcat-core#7556)' },
  { name: 'server error on read', methods: ['GET'], statuses: [500, 502, 504], source: 'sushy connector: 5xx on GET is retried' },
  { name: 'iDRAC data sources unavailable', methods: WRITES, statuses: [400, 500, 502, 504], messageIds: ['SYS518'], source: 'sushy check_retry_on_exception; ironcore-dev/metal-operator#170' },
  { name: 'iLO not ready for this system state', methods: WRITES, statuses: [400, 500], messageIds: ['InvalidOperationForSystemState'], source: 'sushy check_retry_on_exception' },
  { name: 'iLO busy during POST', methods: WRITES, statuses: [400], messageIds: ['UnableToModifyDuringSystemPOST'], source: 'Ironic redfish management boot-device retry' },
  { name: 'iDRAC not ready', methods: WRITES, statuses: [400, 503], messageIds: ['SWC0700'], source: 'quadsproject/badfish#129' },
  { name: 'iDRAC job already running', methods: WRITES, statuses: [400, 409, 500], messageIds: ['RAC0679'], source: 'sushy-oem-idrac error_running_job.json' },
  { name: 'service temporarily unavailable', methods: ALL, statuses: [400, 409, 500], messageIds: ['ServiceTemporarilyUnavailable'], source: 'Base message registry; iDRAC "Retry in 30 seconds"' },
  { name: 'power action conflict', methods: ['POST'], statuses: [409], messageIds: ['ActionParameterValueConflict'], source: 'Ironic redfish power: retries power on 6 × 10 s' },
];

/** The busy condition an HTTP failure matches, if any. */
export function busyConditionOf(method: HttpMethod, failure: RedfishHttpFailure): BusyCondition | undefined {
  return BUSY_CONDITIONS.find((c) => {
    if (c.methods !== ALL && !c.methods.includes(method)) return false;
    if (!c.statuses.includes(failure.status)) return false;
    const fragments = c.messageIds;
    if (fragments === undefined) return true;
    return failure.messages.some((m) => fragments.some((f) => m.messageId.includes(f)));
  });
}

/**
 * Whether a request that got no answer may be sent again. A refused connection never reached the BMC, so any
 * method may be repeated; otherwise only requests that do the same thing twice (GET, PATCH of absolute values,
 * DELETE). A POST (Reset, InsertMedia, SimpleUpdate) that timed out may have happened: repeating it could
 * reboot a machine twice.
 */
export function isTransportRetryable(method: HttpMethod, kind: TransportFailureKind): boolean {
  if (kind === 'tls') return false;
  if (kind === 'refused') return true;
  return method !== 'POST';
}
