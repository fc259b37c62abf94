import { InvalidParameterValue, type NodeRef } from '../../core/index.js';
import {
  STEP_DONE, defineStep, type BiosInterface, type BiosSetting, type DriverContext, type StepCall, type StepContext,
  type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import type { FakeMachines } from './fake-machines.js';

/** `fake` BIOS: a few settings per node, changed by the apply_configuration and factory_reset steps. */
export class FakeBios implements BiosInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {}

  async getSettings(node: NodeRef, ctx: DriverContext): Promise<BiosSetting[]> {
    ctx.signal.throwIfAborted();
    return Promise.resolve(this.machines.bmc(node).bios.map((s) => ({ ...s })));
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

  async executeStep(node: NodeRef, step: StepCall, _ctx: StepContext): Promise<StepOutcome> {
    const machine = this.machines.bmc(node);
    if (step.step === 'factory_reset') {
      machine.bios = machine.bios.map((s) => ({ ...s, value: s.name === 'BootMode' ? 'Uefi' : 'Disabled' }));
      return Promise.resolve(STEP_DONE);
    }
    const settings = step.args['settings'];
    if (!Array.isArray(settings)) throw new InvalidParameterValue(`apply_configuration on node ${node.uuid} needs a list of settings`);
    for (const item of settings) {
      if (typeof item !== 'object' || item === null || Array.isArray(item) || typeof item['name'] !== 'string') continue;
      const value = item['value'];
      const setting: BiosSetting = { name: item['name'], value: value === null || value === undefined ? null : String(value) };
      machine.bios = [...machine.bios.filter((s) => s.name !== setting.name), setting];
    }
    return Promise.resolve(STEP_DONE);
  }
}
