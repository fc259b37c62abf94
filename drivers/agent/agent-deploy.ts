import { AgentCommandFailed, AgentInfoKey, PowerTarget, UnsupportedDriverExtension, type JsonValue, type NodeRecord, type NodeRef } from '../../core/index.js';
import {
  STEP_DONE, defineStep, type AgentHeartbeat, type DeployInterface, type DriverContext, type HeartbeatOutcome,
  type StepCall, type StepContext, type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import { agentEndpoint, hasAgent } from './agent-endpoint.js';
import { stepsOfRunningAgent } from './agent-fast-track.js';
import { LOGS_COLLECTED_KEY, handleHeartbeat } from './agent-heartbeat-handler.js';
import { collectAgentLogs, wantsLogs } from './agent-logs.js';
import { agentNodeView } from './agent-node-view.js';
import { endedSession, freshSession, runKind } from './agent-session.js';
import type { AgentDriverDeps } from './agent-settings.js';
import { cachedAgentSteps } from './agent-steps.js';
import { commandErrorText } from './agent-client.js';
import { deployBootMode, imageInfo, validateInstanceInfo } from './image-info.js';
import { executeInBandStep, startPendingCommand } from './in-band-step.js';

/** The deploy steps the conductor runs itself (agent.py AgentDeploy, ironic.md §4.3). */
const DEPLOY_STEPS: readonly StepDefinition[] = [
  defineStep('deploy', 'deploy', 100, { requiresRamdisk: false }),
  defineStep('deploy', 'write_image', 80),
  defineStep('deploy', 'prepare_instance_boot', 60),
  defineStep('deploy', 'tear_down_agent', 40),
  defineStep('deploy', 'boot_instance', 20, { requiresRamdisk: false }),
];
const OWN_STEP_NAMES: ReadonlySet<string> = new Set(DEPLOY_STEPS.map((s) => s.step));
/** driver_internal_info flag: tear_down_agent ran, so the node is not powered off when the run ends. */
const TORN_DOWN_KEY = 'agent_torn_down';
/** Per-run driver_internal_info keys a new run starts without. */
const RUN_KEYS = { [LOGS_COLLECTED_KEY]: null, [TORN_DOWN_KEY]: null };

/**
 * `direct` deploy (Ironic's AgentDeploy with agent_base.HeartbeatMixin): boots the agent ramdisk, has it write
 * the image (standby.prepare_image), makes the instance bootable and boots it. Cleaning and servicing run the
 * agent's in-band steps, listed after the ramdisk's first heartbeat.
 */
export class AgentDeploy implements DeployInterface {
  constructor(private readonly deps: AgentDriverDeps) {}

  validate(node: NodeRef): void {
    validateInstanceInfo(node);
  }

  getSteps(node: NodeRef, kind: StepKind, _ctx?: DriverContext): Promise<StepDefinition[]> {
    if (kind === 'verify') return Promise.resolve([]);
    const s = this.deps.settings;
    const overrides = kind === 'clean' ? { erase_devices: s.eraseDevicesPriority, erase_devices_metadata: s.eraseDevicesMetadataPriority } : {};
    const agent = cachedAgentSteps(node, kind, 'deploy', overrides, kind === 'deploy' ? OWN_STEP_NAMES : new Set());
    // In-band deploy steps run only when asked for by name (deploy templates, deploy_steps): priority 0.
    return Promise.resolve(kind === 'deploy' ? [...DEPLOY_STEPS, ...agent.map((d) => ({ ...d, priority: 0 }))] : agent);
  }

  async executeStep(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    const own = step.interface === 'deploy' && OWN_STEP_NAMES.has(step.step) && runKind(ctx.node()) === 'deploy';
    if (!own) return executeInBandStep(this.deps, step, ctx);
    switch (step.step) {
      case 'deploy': return this.bootRamdisk(ctx);
      case 'write_image': return this.writeImage(ctx);
      case 'prepare_instance_boot': return this.prepareInstanceBoot(ctx);
      case 'tear_down_agent': return this.tearDownAgent(ctx);
      case 'boot_instance': await ctx.setPower(PowerTarget.On); return STEP_DONE;
      default: throw new UnsupportedDriverExtension(`Deploy interface "direct" has no step ${step.step} (node ${node.uuid}).`);
    }
  }

  /** Cleaning and servicing boot the ramdisk first (prepare_cleaning); deployment does it in its deploy step. */
  async prepareSteps(_node: NodeRef, kind: StepKind, ctx: StepContext): Promise<'done' | 'wait'> {
    if (kind === 'deploy' || kind === 'verify') return 'done';
    // Manual cleaning with disable_ramdisk runs only out-of-band steps (1.70).
    if (kind === 'clean' && ctx.node().driver_internal_info['cleaning_disable_ramdisk'] === true) return 'done';
    if (await ctx.reuseRunningAgent(kind)) {
      // Fast-track: the running agent lists its steps now, as a fresh one would at its first heartbeat.
      await ctx.save({ driver_internal_info: await stepsOfRunningAgent(this.deps, kind, RUN_KEYS, ctx) });
      return 'done';
    }
    await ctx.save({ driver_internal_info: { ...freshSession(), ...RUN_KEYS } });
    await ctx.prepareRamdisk(kind);
    await ctx.setPower(PowerTarget.Rebooting);
    return 'wait';
  }

  /**
   * Ends the run (tear_down_cleaning / tear_down_service and the deploy failure handler): logs when wanted,
   * the ramdisk's boot configuration removed, the session wiped. Cleaning ends powered off; servicing boots the
   * instance again; a deployment that did not reach tear_down_agent (it failed) is powered off.
   */
  async finishSteps(_node: NodeRef, kind: StepKind, ctx: StepContext): Promise<void> {
    const node = ctx.node();
    const info = node.driver_internal_info;
    if (kind === 'verify' || (kind === 'clean' && info['cleaning_disable_ramdisk'] === true)) return;
    // Fast-track: cleaning that succeeded leaves the ramdisk up, powered on, with its session and boot config.
    if (kind === 'clean' && await ctx.canKeepAgent()) {
      await ctx.save({ driver_internal_info: { ...RUN_KEYS, [AgentInfoKey.PendingCommand]: null } });
      return;
    }
    const tornDown = info[TORN_DOWN_KEY] === true;
    if (!tornDown && info[LOGS_COLLECTED_KEY] !== true && hasAgent(node) && wantsLogs(this.deps, false)) {
      await collectAgentLogs(this.deps, agentEndpoint(node), node, kind, ctx);
    }
    await ctx.save({ driver_internal_info: { ...endedSession(), [LOGS_COLLECTED_KEY]: null, [TORN_DOWN_KEY]: null } });
    if (kind === 'deploy') {
      if (!tornDown) await ctx.setPower(PowerTarget.Off);
      await ctx.cleanUpRamdisk('deploy');
      return;
    }
    await ctx.setPower(PowerTarget.Off);
    await ctx.cleanUpRamdisk(kind);
    if (kind === 'service') {
      await ctx.prepareInstance();
      await ctx.setPower(PowerTarget.On);
    }
  }

  async tearDown(_node: NodeRef, ctx: StepContext): Promise<void> {
    await ctx.save({ driver_internal_info: endedSession() });
  }

  takeOver(): Promise<void> {
    return Promise.resolve(); // everything the agent needs is in driver_internal_info
  }

  heartbeat(_node: NodeRef, heartbeat: AgentHeartbeat, ctx: StepContext): Promise<HeartbeatOutcome> {
    return handleHeartbeat(this.deps, heartbeat, ctx);
  }

  /**
   * deploy.deploy: a fresh ramdisk session, then reboot into the ramdisk; its first heartbeat continues. With
   * fast-track the running agent is used: its deploy steps are listed now and the run goes on to write_image.
   */
  private async bootRamdisk(ctx: StepContext): Promise<StepOutcome> {
    if (await ctx.reuseRunningAgent('deploy')) {
      return { result: 'done', changes: { driver_internal_info: await stepsOfRunningAgent(this.deps, 'deploy', RUN_KEYS, ctx) } };
    }
    await ctx.save({ driver_internal_info: { ...freshSession(), ...RUN_KEYS } });
    await ctx.prepareRamdisk('deploy');
    await ctx.setPower(PowerTarget.Rebooting);
    return { result: 'wait' };
  }

  /** deploy.write_image: standby.prepare_image, polled by the heartbeat until the image is written. */
  private async writeImage(ctx: StepContext): Promise<StepOutcome> {
    const node = ctx.node();
    validateInstanceInfo(node);
    const configdrive: JsonValue | undefined = node.instance_info['configdrive'];
    const params = {
      image_info: imageInfo(node, this.deps.settings.streamRawImages),
      ...(configdrive !== undefined && configdrive !== null ? { configdrive } : {}),
      node: agentNodeView(node),
    };
    const outcome = await startPendingCommand(this.deps, node, 'deploy.write_image', 'standby.prepare_image', params, ctx);
    const imageType = imageInfo(node, false)['image_type'];
    return { ...outcome, changes: { ...outcome.changes, instance_info: { image_type: imageType ?? 'whole-disk' } } };
  }

  /**
   * deploy.prepare_instance_boot (agent_base.AgentDeployMixin.prepare_instance_boot): a partition image gets
   * the bootloader from the image installed by the agent (image.install_bootloader with the root and ESP UUIDs
   * that prepare_image reported) before the boot interface sets the instance to boot from disk.
   */
  private async prepareInstanceBoot(ctx: StepContext): Promise<StepOutcome> {
    const node = ctx.node();
    if (node.instance_info['image_type'] === 'partition') await this.installBootloader(node, ctx);
    await ctx.prepareInstance();
    return STEP_DONE;
  }

  private async installBootloader(node: NodeRecord, ctx: StepContext): Promise<void> {
    const endpoint = agentEndpoint(node);
    const name = 'image.install_bootloader';
    const written = (await this.deps.client.listCommands(endpoint, ctx.signal))
      .filter((c) => c.command_name === 'prepare_image' && c.command_status === 'SUCCEEDED').pop()?.command_result;
    const rootUuid = written?.['root uuid'];
    if (typeof rootUuid !== 'string' || rootUuid === '') {
      throw new AgentCommandFailed(node.uuid, name, 'the agent reports no "root uuid" from prepare_image, so the root partition of the partition image is unknown');
    }
    const efiUuid = typeof written?.['efi system partition uuid'] === 'string' ? written['efi system partition uuid'] : null;
    const params = {
      root_uuid: rootUuid, efi_system_part_uuid: efiUuid, prep_boot_part_uuid: null,
      target_boot_mode: deployBootMode(node) ?? (efiUuid === null ? 'bios' : 'uefi'),
    };
    const result = await this.deps.client.command(endpoint, name, params, { wait: true, signal: ctx.signal });
    if (result.command_status !== 'SUCCEEDED') throw new AgentCommandFailed(node.uuid, name, commandErrorText(result));
    ctx.log.info({ root_uuid: rootUuid, boot_mode: params.target_boot_mode }, 'bootloader installed');
  }

  /**
   * deploy.tear_down_agent: logs when wanted, then the agent powers the machine off (standby.power_off, which
   * syncs disks first); the BMC then makes sure it is off, also when the agent did not answer.
   */
  private async tearDownAgent(ctx: StepContext): Promise<StepOutcome> {
    const node = ctx.node();
    const endpoint = agentEndpoint(node);
    if (wantsLogs(this.deps, false)) await collectAgentLogs(this.deps, endpoint, node, 'deploy', ctx);
    try {
      await this.deps.client.command(endpoint, 'standby.power_off', {}, { wait: false, signal: ctx.signal });
      if (this.deps.settings.powerOffGraceMs > 0) await this.deps.clock.sleep(this.deps.settings.powerOffGraceMs, ctx.signal);
    } catch (error) {
      ctx.log.warn({ err: error }, 'the agent did not power the node off; powering off through the BMC');
    }
    await ctx.setPower(PowerTarget.Off);
    return { result: 'done', changes: { driver_internal_info: { ...endedSession(), [TORN_DOWN_KEY]: true } } };
  }
}
