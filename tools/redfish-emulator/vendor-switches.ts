/**
 * How a busy BMC answers (redfish.md §2.2): `service-unavailable` is HTTP 503 with `Retry-After` and
 * Base.ServiceTemporarilyUnavailable (OpenBMC, iDRAC in the field); `idrac` is 503 with iDRAC's SYS518 message;
 * `ilo` is 400 `InvalidOperationForSystemState` on requests that change something (GETs pass).
 */
export type BusyStyle = 'service-unavailable' | 'idrac' | 'ilo';

/** The next `remaining` requests (that the style applies to) are answered "busy". */
export interface BusySwitch {
  remaining: number;
  style: BusyStyle;
  retryAfterSeconds: number;
}

/** Vendor behaviours, switchable at start-up and at run time (tests flip them through `EmulatorState`). */
export interface VendorSwitches {
  /** Reject HTTP Basic: only X-Auth-Token sessions authenticate (several BMCs can be set up so). */
  sessionOnly: boolean;
  /** PATCH without If-Match answers 428 Precondition Required (iLO 5 on some resources; DSP0266 §7.9). */
  etagRequired: boolean;
  /** Weak ETags `W/"…"`, as most BMCs send; strong `"…"` otherwise. */
  weakEtags: boolean;
  /** Resolve URIs regardless of case, as iLO does (its links are lower case). */
  caseInsensitivePaths: boolean;
  /** InsertMedia without TransferProtocolType answers 400 ActionParameterMissing (Nokia, per sushy's samples). */
  requireTransferProtocolType: boolean;
  busy: BusySwitch;
  delaysMs: {
    /** Time a power change spends in PoweringOn/PoweringOff before reaching On/Off. */
    power: number;
    /** Time a task (SimpleUpdate) runs before it completes. */
    task: number;
  };
}

/** What callers may pass: every field optional; `busy` may be just a count. */
export type VendorSwitchOptions = Partial<Omit<VendorSwitches, 'busy' | 'delaysMs'>> & {
  busy?: number | (Partial<BusySwitch> & { count?: number });
  delaysMs?: Partial<VendorSwitches['delaysMs']>;
};

/** Fills the defaults: everything off, strong ETags, no delays for power, 1 s for tasks. */
export function resolveSwitches(options: VendorSwitchOptions = {}): VendorSwitches {
  const busy = typeof options.busy === 'number' ? { count: options.busy } : (options.busy ?? {});
  return {
    sessionOnly: options.sessionOnly ?? false,
    etagRequired: options.etagRequired ?? false,
    weakEtags: options.weakEtags ?? false,
    caseInsensitivePaths: options.caseInsensitivePaths ?? false,
    requireTransferProtocolType: options.requireTransferProtocolType ?? false,
    busy: {
      remaining: busy.count ?? busy.remaining ?? 0,
      style: busy.style ?? 'service-unavailable',
      retryAfterSeconds: busy.retryAfterSeconds ?? 1,
    },
    delaysMs: { power: options.delaysMs?.power ?? 0, task: options.delaysMs?.task ?? 1000 },
  };
}
