import type { BootDevice, InterfaceName, JsonObject, JsonValue, NodeRecord, NodeRef, PowerTarget } from '../../core/index.js';
import type { RamdiskPurpose } from './boot.js';
import type { DriverContext } from './driver-context.js';

/** The step runs Ironic knows: automated or manual cleaning, deployment, servicing, verification. */
export type StepKind = 'clean' | 'deploy' | 'service' | 'verify';

/** One argument a step accepts (`argsinfo` in Ironic's decorators). */
export interface StepArgInfo {
  description: string;
  required?: boolean;
}

/**
 * A step an interface offers (ironic/drivers/base.py `@clean_step` & co). Priority 0 means "only when
 * asked for by name" (manual cleaning, servicing, deploy templates).
 */
export interface StepDefinition {
  interface: InterfaceName;
  step: string;
  priority: number;
  abortable: boolean;
  argsinfo: Record<string, StepArgInfo> | null;
  /** False for out-of-band steps that run without booting the ramdisk (`disable_ramdisk`). */
  requires_ramdisk: boolean;
}

/** A step as the conductor asks for it: what the user or the priority list chose, with arguments. */
export interface StepCall {
  interface: InterfaceName;
  step: string;
  args: JsonObject;
  priority: number;
  /** Copied from the definition so `abort` can tell from node.clean_step (Ironic keeps it there too). */
  abortable?: boolean;
}

/**
 * How a step ended. 'done': continue with the next one. 'wait': an external party (the agent in the
 * ramdisk, a BMC job) finishes it and calls back, the node goes to `* wait`. 'hold': the node stops in
 * `* hold` until `unhold` (1.85).
 */
export type StepResult = 'done' | 'wait' | 'hold';

/** Node fields a driver may change: dict fields are merged key by key (a null value removes the key). */
export interface NodeChanges {
  instance_info?: JsonObject;
  driver_internal_info?: JsonObject;
  properties?: JsonObject;
  raid_config?: JsonObject;
  boot_mode?: NodeRecord['boot_mode'];
  secure_boot?: boolean | null;
}

/** The outcome of a step: its result and the node fields it learned or changed. */
export interface StepOutcome {
  result: StepResult;
  changes?: NodeChanges;
}

/**
 * Conductor services a driver may use while it holds the node (steps, step-run preparation, tear-down,
 * inspection, heartbeats): they go through the node's other interfaces and keep the record and history right,
 * the way Ironic's interfaces reach `task.driver.*` and `manager_utils`.
 */
export interface StepContext extends DriverContext {
  /** Changes power through the node's power interface, waits until the BMC agrees and records it. */
  setPower(target: PowerTarget): Promise<void>;
  /** Sets the next boot device through the node's management interface (`persistent` false: next boot only). */
  setBootDevice(device: BootDevice, persistent: boolean): Promise<void>;
  /** Readies the node's boot interface to boot the agent ramdisk for `purpose` (boot.prepareRamdisk). */
  prepareRamdisk(purpose: RamdiskPurpose): Promise<void>;
  /** Undoes prepareRamdisk (boot.cleanUpRamdisk). */
  cleanUpRamdisk(purpose: RamdiskPurpose): Promise<void>;
  /** Makes the deployed instance bootable through the boot interface (boot.prepareInstance). */
  prepareInstance(): Promise<void>;
  /** Saves node field changes now (dict keys merge, null removes), e.g. before waiting for a callback. */
  save(changes: NodeChanges): Promise<void>;
  /** The node as it is now, including changes made by earlier steps of the same run. */
  node(): NodeRecord;
  /**
   * Fast-track ([deploy]fast_track): true when the agent ramdisk running now may be used for `purpose` instead
   * of powering off and rebooting into a fresh one (enabled, recent heartbeat, powered on, no last_error, not in
   * maintenance, session kept). The conductor records a reuse in the node history; the caller then skips the reboot.
   */
  reuseRunningAgent(purpose: RamdiskPurpose): Promise<boolean>;
  /**
   * Fast-track at the successful end of a run (cleaning, inspection): true when the ramdisk should stay up,
   * powered on and with its session, for the next operation. Always false when a run failed or was aborted.
   */
  canKeepAgent(): Promise<boolean>;
}

/**
 * Implemented by interfaces that own steps (deploy, management, power, raid, bios, firmware, vendor).
 * In-band steps (issue #5) come from the agent: the deploy interface lists them after the ramdisk's first
 * heartbeat and returns 'wait' from executeStep while the agent works.
 */
export interface StepHost {
  /** The steps of `kind` this interface offers for `node`. */
  getSteps(node: NodeRef, kind: StepKind, ctx: DriverContext): Promise<StepDefinition[]>;
  /** Runs one of the steps returned by getSteps. Throws on failure; the conductor fails the node. */
  executeStep(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome>;
}

/** Result of a step that needs nothing else. */
export const STEP_DONE: StepOutcome = { result: 'done' };

/** Builds a step definition with Ironic's decorator defaults (not abortable, needs the ramdisk). */
export function defineStep(
  iface: InterfaceName,
  step: string,
  priority: number,
  options: { abortable?: boolean; argsinfo?: Record<string, StepArgInfo>; requiresRamdisk?: boolean } = {},
): StepDefinition {
  return {
    interface: iface, step, priority, abortable: options.abortable ?? false, argsinfo: options.argsinfo ?? null,
    requires_ramdisk: options.requiresRamdisk ?? true,
  };
}

/** True when `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
