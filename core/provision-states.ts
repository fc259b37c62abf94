/**
 * Ironic's provision state machine as one table (ironic/common/states.py, master: 93 transitions).
 * Wire values are Ironic's exact strings; code refers to them through `ProvisionState`.
 */
export const ProvisionState = {
  Enroll: 'enroll',
  Verifying: 'verifying',
  Manageable: 'manageable',
  Inspecting: 'inspecting',
  InspectWait: 'inspect wait',
  InspectFailed: 'inspect failed',
  Adopting: 'adopting',
  AdoptFailed: 'adopt failed',
  Cleaning: 'cleaning',
  CleanWait: 'clean wait',
  CleanHold: 'clean hold',
  CleanFailed: 'clean failed',
  Available: 'available',
  Deploying: 'deploying',
  DeployWait: 'wait call-back',
  DeployHold: 'deploy hold',
  DeployFailed: 'deploy failed',
  Active: 'active',
  Deleting: 'deleting',
  Error: 'error',
  Rescuing: 'rescuing',
  RescueWait: 'rescue wait',
  RescueFailed: 'rescue failed',
  Rescue: 'rescue',
  Unrescuing: 'unrescuing',
  UnrescueFailed: 'unrescue failed',
  Servicing: 'servicing',
  ServiceWait: 'service wait',
  ServiceHold: 'service hold',
  ServiceFailed: 'service failed',
} as const;
export type ProvisionState = (typeof ProvisionState)[keyof typeof ProvisionState];

/** Target-only values that appear in `target_provision_state` but are never a current state. */
export const TargetOnlyState = { DeployDone: 'deploy complete', Deleted: 'deleted' } as const;

/** Events of the machine. Internal ones (done, fail, wait, resume, hold) are fired by the conductor only. */
export type ProvisionEvent =
  | 'manage' | 'provide' | 'inspect' | 'clean' | 'deploy' | 'rebuild' | 'delete' | 'abort' | 'adopt'
  | 'rescue' | 'unrescue' | 'unhold' | 'service'
  | 'done' | 'fail' | 'wait' | 'resume' | 'hold';

/** Events an API caller may name (through a verb); the rest are internal. */
export const INTERNAL_EVENTS: ReadonlySet<ProvisionEvent> = new Set(['done', 'fail', 'wait', 'resume', 'hold']);

const S = ProvisionState;
type Row = readonly [ProvisionState, ProvisionEvent, ProvisionState];

/** Every allowed move; anything absent is refused. Order follows states.py. */
export const TRANSITIONS: readonly Row[] = [
  [S.Enroll, 'manage', S.Verifying],
  [S.Verifying, 'fail', S.Enroll], [S.Verifying, 'done', S.Manageable],
  [S.Manageable, 'adopt', S.Adopting], [S.Manageable, 'clean', S.Cleaning],
  [S.Manageable, 'provide', S.Cleaning], [S.Manageable, 'inspect', S.Inspecting],
  [S.Inspecting, 'fail', S.InspectFailed], [S.Inspecting, 'wait', S.InspectWait], [S.Inspecting, 'done', S.Manageable],
  [S.InspectWait, 'abort', S.InspectFailed], [S.InspectWait, 'fail', S.InspectFailed],
  [S.InspectWait, 'resume', S.Inspecting], [S.InspectWait, 'done', S.Manageable],
  [S.InspectFailed, 'inspect', S.Inspecting], [S.InspectFailed, 'manage', S.Manageable],
  [S.Adopting, 'done', S.Active], [S.Adopting, 'fail', S.AdoptFailed],
  [S.AdoptFailed, 'adopt', S.Adopting], [S.AdoptFailed, 'manage', S.Manageable],
  [S.Available, 'deploy', S.Deploying], [S.Available, 'manage', S.Manageable],
  [S.Deploying, 'done', S.Active], [S.Deploying, 'fail', S.DeployFailed],
  [S.Deploying, 'hold', S.DeployHold], [S.Deploying, 'wait', S.DeployWait],
  [S.DeployWait, 'delete', S.Deleting], [S.DeployWait, 'abort', S.DeployFailed],
  [S.DeployWait, 'fail', S.DeployFailed], [S.DeployWait, 'hold', S.DeployHold], [S.DeployWait, 'resume', S.Deploying],
  [S.DeployHold, 'abort', S.DeployFailed], [S.DeployHold, 'unhold', S.DeployWait],
  [S.DeployFailed, 'delete', S.Deleting], [S.DeployFailed, 'deploy', S.Deploying], [S.DeployFailed, 'rebuild', S.Deploying],
  [S.Active, 'delete', S.Deleting], [S.Active, 'rebuild', S.Deploying],
  [S.Active, 'rescue', S.Rescuing], [S.Active, 'service', S.Servicing],
  [S.Deleting, 'clean', S.Cleaning], [S.Deleting, 'fail', S.Error],
  [S.Cleaning, 'done', S.Available], [S.Cleaning, 'fail', S.CleanFailed], [S.Cleaning, 'hold', S.CleanHold],
  [S.Cleaning, 'wait', S.CleanWait], [S.Cleaning, 'manage', S.Manageable],
  [S.CleanWait, 'abort', S.CleanFailed], [S.CleanWait, 'fail', S.CleanFailed],
  [S.CleanWait, 'hold', S.CleanHold], [S.CleanWait, 'resume', S.Cleaning],
  [S.CleanHold, 'abort', S.CleanFailed], [S.CleanHold, 'unhold', S.CleanWait],
  [S.CleanFailed, 'manage', S.Manageable],
  [S.Error, 'delete', S.Deleting], [S.Error, 'rebuild', S.Deploying],
  [S.Rescuing, 'done', S.Rescue], [S.Rescuing, 'fail', S.RescueFailed], [S.Rescuing, 'wait', S.RescueWait],
  [S.RescueWait, 'delete', S.Deleting], [S.RescueWait, 'abort', S.RescueFailed],
  [S.RescueWait, 'fail', S.RescueFailed], [S.RescueWait, 'resume', S.Rescuing],
  [S.Rescue, 'delete', S.Deleting], [S.Rescue, 'rescue', S.Rescuing], [S.Rescue, 'unrescue', S.Unrescuing],
  [S.RescueFailed, 'delete', S.Deleting], [S.RescueFailed, 'rescue', S.Rescuing], [S.RescueFailed, 'unrescue', S.Unrescuing],
  [S.Unrescuing, 'done', S.Active], [S.Unrescuing, 'fail', S.UnrescueFailed],
  [S.UnrescueFailed, 'delete', S.Deleting], [S.UnrescueFailed, 'rescue', S.Rescuing],
  [S.UnrescueFailed, 'unrescue', S.Unrescuing],
  [S.Servicing, 'done', S.Active], [S.Servicing, 'fail', S.ServiceFailed],
  [S.Servicing, 'hold', S.ServiceHold], [S.Servicing, 'wait', S.ServiceWait],
  [S.ServiceWait, 'delete', S.Deleting], [S.ServiceWait, 'abort', S.ServiceFailed],
  [S.ServiceWait, 'fail', S.ServiceFailed], [S.ServiceWait, 'hold', S.ServiceHold], [S.ServiceWait, 'resume', S.Servicing],
  [S.ServiceHold, 'abort', S.ServiceFailed], [S.ServiceHold, 'fail', S.ServiceFailed],
  [S.ServiceHold, 'unhold', S.ServiceWait], [S.ServiceHold, 'service', S.Servicing],
  [S.ServiceFailed, 'abort', S.Active], [S.ServiceFailed, 'delete', S.Deleting], [S.ServiceFailed, 'rescue', S.Rescuing],
  [S.ServiceFailed, 'hold', S.ServiceHold], [S.ServiceFailed, 'wait', S.ServiceWait],
  [S.ServiceFailed, 'service', S.Servicing],
];

const index = new Map<string, ProvisionState>(TRANSITIONS.map(([f, e, t]) => [`${f}|${e}`, t]));

/** The state `event` leads to from `from`, or undefined when that move is not allowed. */
export function nextState(from: ProvisionState, event: ProvisionEvent): ProvisionState | undefined {
  return index.get(`${from}|${event}`);
}

/** True when `value` is one of Ironic's provision state strings. */
export function isProvisionState(value: unknown): value is ProvisionState {
  return typeof value === 'string' && ALL_STATES.has(value as ProvisionState);
}

const ALL_STATES: ReadonlySet<ProvisionState> = new Set(Object.values(ProvisionState));

/** States that wait for a request (`STABLE_STATES`); `target_provision_state` is null in them. */
export const STABLE_STATES: ReadonlySet<ProvisionState> = new Set([
  S.Enroll, S.Manageable, S.Available, S.Active, S.Error, S.Rescue,
]);

/** Failure states (`FAILURE_STATES`); `error` is listed too because clients stop on it. */
export const FAILURE_STATES: ReadonlySet<ProvisionState> = new Set([
  S.DeployFailed, S.CleanFailed, S.InspectFailed, S.RescueFailed, S.UnrescueFailed, S.AdoptFailed,
  S.ServiceFailed, S.Error,
]);

/** Hold states: wait for `unhold`. */
export const HOLD_STATES: ReadonlySet<ProvisionState> = new Set([S.DeployHold, S.CleanHold, S.ServiceHold]);

/** Wait states: an external party (the agent) must call back; bounded by callback timeouts. */
export const WAIT_STATES: ReadonlySet<ProvisionState> = new Set([
  S.DeployWait, S.CleanWait, S.InspectWait, S.RescueWait, S.ServiceWait,
]);

/**
 * The fixed target of each non-stable state (`add_state(..., target=...)`). Manual cleaning
 * overrides cleaning's target to manageable; callers pass that in.
 */
export const TARGET_OF: Readonly<Partial<Record<ProvisionState, ProvisionState>>> = {
  [S.Deploying]: S.Active, [S.DeployWait]: S.Active, [S.DeployFailed]: S.Active, [S.DeployHold]: S.Active,
  [S.Adopting]: S.Active, [S.AdoptFailed]: S.Active, [S.Unrescuing]: S.Active, [S.UnrescueFailed]: S.Active,
  [S.Servicing]: S.Active, [S.ServiceWait]: S.Active, [S.ServiceFailed]: S.Active, [S.ServiceHold]: S.Active,
  [S.Cleaning]: S.Available, [S.CleanWait]: S.Available, [S.CleanFailed]: S.Available, [S.CleanHold]: S.Available,
  [S.Deleting]: S.Available,
  [S.Verifying]: S.Manageable, [S.Inspecting]: S.Manageable, [S.InspectWait]: S.Manageable,
  [S.InspectFailed]: S.Manageable,
  [S.Rescuing]: S.Rescue, [S.RescueWait]: S.Rescue, [S.RescueFailed]: S.Rescue,
};

/**
 * The `target_provision_state` to show while in `state`: null in stable and failure states (clients'
 * `--wait` stops on a failure with a null target), the fixed target otherwise.
 */
export function targetFor(state: ProvisionState, manualClean = false): ProvisionState | null {
  if (STABLE_STATES.has(state) || FAILURE_STATES.has(state)) return null;
  if (manualClean && (state === S.Cleaning || state === S.CleanWait || state === S.CleanHold)) return S.Manageable;
  return TARGET_OF[state] ?? null;
}

/**
 * Transient states a dead conductor leaves behind, and where they end on restart
 * (`STUCK_STATES_TREATED_AS_FAIL`). `*wait` states survive: their callback timeouts bound them.
 */
export const STUCK_STATES: ReadonlySet<ProvisionState> = new Set([
  S.Deploying, S.Cleaning, S.Verifying, S.Inspecting, S.Adopting, S.Rescuing, S.Unrescuing, S.Deleting, S.Servicing,
]);

/** API verbs (`states.VERBS`) mapped to machine events; `rebuild` is its own event. */
export const VERBS: Readonly<Record<string, ProvisionEvent>> = {
  active: 'deploy', deploy: 'deploy', deleted: 'delete', undeploy: 'delete', manage: 'manage',
  provide: 'provide', inspect: 'inspect', abort: 'abort', clean: 'clean', adopt: 'adopt',
  rescue: 'rescue', unrescue: 'unrescue', unhold: 'unhold', service: 'service', rebuild: 'rebuild',
};

/** The minimum microversion at which each verb is accepted (ironic api/controllers/v1/node.py). */
export const VERB_MIN_VERSION: Readonly<Record<string, number>> = {
  active: 1, deleted: 1, rebuild: 1, manage: 4, provide: 4, inspect: 6, abort: 13, clean: 15, adopt: 17,
  rescue: 38, unrescue: 38, deploy: 73, undeploy: 73, unhold: 85, service: 87,
};

/** The provision state `--wait` clients expect after a verb (ironicclient EXPECTED_STATES). */
export const VERB_EXPECTED_STATE: Readonly<Record<string, ProvisionState>> = {
  active: S.Active, deploy: S.Active, rebuild: S.Active, deleted: S.Available, undeploy: S.Available,
  manage: S.Manageable, provide: S.Available, inspect: S.Manageable, clean: S.Manageable, adopt: S.Active,
  rescue: S.Rescue, unrescue: S.Active, service: S.Active,
};
