import { PowerTarget, UnsupportedDriverExtension, type JsonObject, type NodeRef } from '../../core/index.js';
import {
  STEP_DONE, defineStep, type BiosInterface, type BiosSetting, type DriverContext, type StepCall, type StepContext,
  type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import { findAction } from './allowable-values.js';
import { differingAttributes, parseBiosSettings, requestedAttributes } from './bios-attributes.js';
import { describeMessages, decodeExtendedInfo } from './extended-info.js';
import { linkAt, objectAt } from './json-fields.js';
import type { RedfishClientPool } from './redfish-client-pool.js';
import type { RedfishResource } from './redfish-client.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { RedfishErrorCode, redfishError } from './redfish-failure.js';
import type { ResolvedRedfishOptions } from './redfish-options.js';
import { readSystem } from './redfish-system.js';
import { applySettings } from './settings-object.js';
import { waitForTask } from './task-monitor.js';

/**
 * `redfish` BIOS: reads `Bios.Attributes`; `apply_configuration` PATCHes the settings object with
 * ApplyTime OnReset, reboots, and reads the attributes back; `factory_reset` POSTs `#Bios.ResetBios` and
 * reboots (ironic/drivers/modules/redfish/bios.py).
 */
export class RedfishBios implements BiosInterface {
  constructor(private readonly pool: RedfishClientPool, private readonly options: ResolvedRedfishOptions) {}

  validate(node: NodeRef): void {
    parseRedfishDriverInfo(node);
  }

  async getSettings(node: NodeRef, ctx: DriverContext): Promise<BiosSetting[]> {
    return parseBiosSettings((await this.readBios(node, ctx)).body);
  }

  getSteps(_node: NodeRef, kind: StepKind): Promise<StepDefinition[]> {
    if (kind === 'verify') return Promise.resolve([]);
    return Promise.resolve([
      defineStep('bios', 'apply_configuration', 0, { requiresRamdisk: false, argsinfo: {
        settings: { description: 'A list of BIOS settings to be applied', required: true },
      } }),
      defineStep('bios', 'factory_reset', 0, { requiresRamdisk: false }),
    ]);
  }

  async executeStep(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    if (step.step === 'apply_configuration') return this.applyConfiguration(node, step, ctx);
    if (step.step === 'factory_reset') return this.factoryReset(node, ctx);
    throw new UnsupportedDriverExtension(`Redfish BIOS has no step ${step.step} (node ${node.uuid}).`);
  }

  private async applyConfiguration(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    const { client } = this.pool.clientFor(node);
    const bios = await this.readBios(node, ctx);
    const current = objectAt(bios.body, 'Attributes') ?? {};
    const wanted = requestedAttributes(node.uuid, step.args['settings'], current);
    if (differingAttributes(wanted, current).length === 0) return STEP_DONE; // Ironic skips the reboot too
    const { target, response } = await applySettings(client, bios, { Attributes: wanted }, 'OnReset', ctx);
    if (response.status === 202) await waitForTask(client, response, this.taskWait('BIOS settings'), ctx);
    if (target.isSettingsObject) await ctx.setPower(PowerTarget.Rebooting);
    await this.waitApplied(node, wanted, ctx);
    return STEP_DONE;
  }

  private async factoryReset(node: NodeRef, ctx: StepContext): Promise<StepOutcome> {
    const { client } = this.pool.clientFor(node);
    const bios = await this.readBios(node, ctx);
    const action = findAction(bios, '#Bios.ResetBios');
    if (!action) throw new UnsupportedDriverExtension(`BMC ${client.origin} of node ${node.uuid} offers no #Bios.ResetBios action.`);
    // iDRAC 2.75 rejects ResetBios without a body (redfish.md §1), and `{}` is what DSP0266 asks for anyway.
    const response = await client.send('POST', action.target, { body: {} }, ctx);
    if (response.status === 202) await waitForTask(client, response, this.taskWait('BIOS factory reset'), ctx);
    await ctx.setPower(PowerTarget.Rebooting);
    return STEP_DONE;
  }

  /** Reads Attributes until the requested values show, bounded by settingsApplyWaitMs. */
  private async waitApplied(node: NodeRef, wanted: JsonObject, ctx: StepContext): Promise<void> {
    const { clock, settingsApplyWaitMs, powerPollMs } = this.options;
    const deadline = clock.now() + settingsApplyWaitMs;
    for (;;) {
      const bios = await this.readBios(node, ctx);
      const differing = differingAttributes(wanted, objectAt(bios.body, 'Attributes') ?? {});
      if (differing.length === 0) return;
      if (clock.now() >= deadline) {
        const messages = describeMessages(decodeExtendedInfo(objectAt(bios.body, '@Redfish.Settings')));
        throw redfishError(RedfishErrorCode.SettingsNotApplied, `BIOS settings ${differing.join(', ')} of node ${node.uuid} did not take effect within ${settingsApplyWaitMs} ms${messages === '' ? '' : `: ${messages}`}.`);
      }
      await clock.sleep(Math.min(powerPollMs, Math.max(0, deadline - clock.now())), ctx.signal);
    }
  }

  private async readBios(node: NodeRef, ctx: DriverContext): Promise<RedfishResource> {
    const { client, system } = await readSystem(this.pool, node, ctx);
    const path = linkAt(system.body, 'Bios');
    if (path === undefined) throw new UnsupportedDriverExtension(`BMC ${client.origin} of node ${node.uuid} has no Bios resource.`);
    return client.get(path, ctx);
  }

  private taskWait(what: string): Parameters<typeof waitForTask>[2] {
    return { clock: this.options.clock, timeoutMs: this.options.taskTimeoutMs, pollMs: this.options.taskPollMs, what };
  }
}
