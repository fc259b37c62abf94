import type { AgentStatus, NodeRef } from '../../core/index.js';
import type { NodeChanges, StepContext, StepHost, StepKind } from './steps.js';

/** A heartbeat from the agent of a node in a `* wait` state, after the conductor checked its token. */
export interface AgentHeartbeat {
  /** The step run the node waits in (`wait call-back` -> deploy, `clean wait` -> clean, `service wait` -> service). */
  kind: Exclude<StepKind, 'verify'>;
  callbackUrl: string;
  agentVersion: string;
  status?: AgentStatus;
  statusMessage?: string;
}

/**
 * What the conductor does after a heartbeat, as the deploy interface decides (agent_base.heartbeat):
 * 'continue' the run (the ramdisk booted, or the in-band command the current step waited for succeeded),
 * keep waiting (the command still runs), or fail the run with a message naming what the agent reported.
 */
export type HeartbeatOutcome =
  | { action: 'continue'; changes?: NodeChanges }
  | { action: 'wait'; changes?: NodeChanges }
  | { action: 'fail'; error: string; changes?: NodeChanges };

/**
 * Writes an instance onto the machine and owns the step runs that need the ramdisk
 * (ironic/drivers/base.py DeployInterface). Deployment itself is the deploy-step list this interface
 * returns from getSteps('deploy'), e.g. deploy 100, write_image 80, prepare_instance_boot 60 ... boot_instance 20.
 */
export interface DeployInterface extends StepHost {
  /** Checks driver_info and instance_info (image_source ...) without side effects. */
  validate(node: NodeRef): void;
  /**
   * Readies the node for a step run (boots the ramdisk for in-band steps). 'wait' means the step list is
   * known only once the ramdisk calls back (Ironic's `prepare_cleaning` returning CLEANWAIT).
   */
  prepareSteps?(node: NodeRef, kind: StepKind, ctx: StepContext): Promise<'done' | 'wait'>;
  /** Undoes prepareSteps once the run ended or failed (`tear_down_cleaning`). */
  finishSteps?(node: NodeRef, kind: StepKind, ctx: StepContext): Promise<void>;
  /**
   * Removes the instance. The conductor has powered the node off before and clears instance_info and
   * starts automated cleaning after.
   */
  tearDown(node: NodeRef, ctx: StepContext): Promise<void>;
  /** Rebuilds this conductor's local boot state for an active node it now owns (adoption, takeover). */
  /**
   * Handles an agent heartbeat for a node waiting in a step run (in-band deploy interfaces only). Called with
   * the node reserved; the conductor has recorded agent_url, agent_version and agent_last_heartbeat already.
   */
  heartbeat?(node: NodeRef, heartbeat: AgentHeartbeat, ctx: StepContext): Promise<HeartbeatOutcome>;
  takeOver?(node: NodeRef, ctx: StepContext): Promise<void>;
}
