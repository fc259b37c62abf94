import { UnsupportedDriverExtension, type NodeRef } from '../../core/index.js';
import {
  STEP_DONE, defineStep, type DeployInterface, type DriverContext, type StepCall, type StepContext,
  type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import { FAKE_CONTROL_STEPS, runFakeControlStep } from './fake-steps.js';
import type { FakeMachines } from './fake-machines.js';

/** The standard deploy-step sequence of `direct` deploy (ironic.md §4.3), played without an agent. */
const DEPLOY_STEPS: readonly StepDefinition[] = [
  defineStep('deploy', 'deploy', 100, { requiresRamdisk: false }),
  defineStep('deploy', 'write_image', 80),
  defineStep('deploy', 'prepare_instance_boot', 60),
  defineStep('deploy', 'boot_instance', 20, { requiresRamdisk: false }),
];

/** IPA's automated clean defaults: metadata erase first (99), then full erase (10). */
const CLEAN_STEPS: readonly StepDefinition[] = [
  defineStep('deploy', 'erase_devices_metadata', 99, { abortable: true }),
  defineStep('deploy', 'erase_devices', 10, { abortable: true }),
];

/**
 * `fake` deploy. Unlike Ironic's (which does nothing) it behaves like a small real deploy: it records the
 * image type, takes deployDelayMs to "write", powers the node on at boot_instance, and cleans in cleanDelayMs.
 */
export class FakeDeploy implements DeployInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {}

  getSteps(_node: NodeRef, kind: StepKind, _ctx?: DriverContext): Promise<StepDefinition[]> {
    const own = kind === 'deploy' ? DEPLOY_STEPS : kind === 'clean' ? CLEAN_STEPS : [];
    return Promise.resolve(kind === 'verify' ? [] : [...own, ...FAKE_CONTROL_STEPS]);
  }

  async executeStep(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    const control = runFakeControlStep(node, step);
    if (control) return control;
    const { options } = this.machines;
    switch (step.step) {
      case 'deploy':
        // Ironic records the image type during deploy; fake images are whole-disk (checked on 21.4).
        return { result: 'done', changes: { instance_info: { image_type: 'whole-disk' }, driver_internal_info: { is_whole_disk_image: true } } };
      case 'write_image': await this.machines.delay(options.deployDelayMs, ctx.signal); return STEP_DONE;
      case 'prepare_instance_boot': this.machines.machine(node.uuid).instanceBootReady = true; return STEP_DONE;
      case 'boot_instance': await ctx.setPower('power on'); return STEP_DONE;
      case 'erase_devices_metadata':
      case 'erase_devices': await this.machines.delay(options.cleanDelayMs, ctx.signal); return STEP_DONE;
      default: throw new UnsupportedDriverExtension(`Fake deploy has no step ${step.step} (node ${node.uuid}).`);
    }
  }

  async prepareSteps(node: NodeRef, kind: StepKind, ctx: DriverContext): Promise<'done'> {
    await this.machines.delay(kind === 'service' ? this.machines.options.serviceDelayMs : undefined, ctx.signal);
    return 'done';
  }

  finishSteps(): Promise<void> {
    return Promise.resolve();
  }

  tearDown(node: NodeRef): Promise<void> {
    this.machines.machine(node.uuid).instanceBootReady = false;
    return Promise.resolve();
  }

  takeOver(): Promise<void> {
    return Promise.resolve();
  }
}
