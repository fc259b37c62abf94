import { PowerTarget, type NodeRef } from '../../core/index.js';
import type { InspectInterface, InspectOutcome, StepContext } from '../interfaces/index.js';
import { endedSession, freshSession } from './agent-session.js';

/**
 * `agent` inspection (ironic/drivers/modules/inspector/agent.py AgentInspect): boots the ramdisk, whose agent
 * posts its inventory to /v1/continue_inspection; the conductor then applies it, powers the node off and ends
 * the agent session (conductor/workers/agent-continue-inspection.ts).
 */
export class AgentInspect implements InspectInterface {
  validate(): void {} // the boot interface checks deploy_kernel/deploy_ramdisk

  async inspectHardware(_node: NodeRef, ctx: StepContext): Promise<InspectOutcome> {
    await ctx.save({ driver_internal_info: freshSession() });
    await ctx.prepareRamdisk('inspect');
    await ctx.setPower(PowerTarget.Rebooting);
    return { result: 'wait' };
  }

  /** abort (and the inspect wait timeout): common.clean_up(always_power_off=True). */
  async abort(_node: NodeRef, ctx: StepContext): Promise<void> {
    await ctx.save({ driver_internal_info: endedSession() });
    await ctx.cleanUpRamdisk('inspect');
    await ctx.setPower(PowerTarget.Off);
  }
}
