import type { NodeRef } from '../../core/index.js';
import {
  STEP_DONE, defineStep, type DriverContext, type FirmwareComponent, type FirmwareInterface, type StepCall,
  type StepContext, type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import type { FakeMachines } from './fake-machines.js';

/** `fake` firmware: bios and bmc components whose version the `update` step bumps. */
export class FakeFirmware implements FirmwareInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {}

  async getComponents(node: NodeRef, ctx: DriverContext): Promise<FirmwareComponent[]> {
    ctx.signal.throwIfAborted();
    return Promise.resolve(this.machines.bmc(node).firmware.map((c) => ({ ...c })));
  }

  getSteps(_node: NodeRef, kind: StepKind): Promise<StepDefinition[]> {
    if (kind === 'verify') return Promise.resolve([]);
    return Promise.resolve([defineStep('firmware', 'update', 0, { requiresRamdisk: false, argsinfo: {
      settings: { description: 'A list of dicts with component and url', required: true },
    } })]);
  }

  async executeStep(node: NodeRef, step: StepCall, _ctx: StepContext): Promise<StepOutcome> {
    const machine = this.machines.bmc(node);
    const settings = Array.isArray(step.args['settings']) ? step.args['settings'] : [];
    for (const item of settings) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
      const component = machine.firmware.find((c) => c.component === item['component']);
      if (component) component.current_version = bump(component.current_version);
    }
    return Promise.resolve(STEP_DONE);
  }
}

function bump(version: string): string {
  const parts = version.split('.').map(Number);
  const last = parts.length - 1;
  parts[last] = (parts[last] ?? 0) + 1;
  return parts.join('.');
}
