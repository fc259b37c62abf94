import type { NodeRef } from '../../core/index.js';
import type { BootInterface, DriverContext, RamdiskPurpose } from '../interfaces/index.js';
import type { FakeMachines } from './fake-machines.js';

/** `fake` boot: records what the machine would boot next instead of writing PXE files. */
export class FakeBoot implements BootInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {}

  async prepareRamdisk(node: NodeRef, purpose: RamdiskPurpose, ctx: DriverContext): Promise<void> {
    await this.machines.delay(this.machines.options.bootDelayMs, ctx.signal);
    this.machines.machine(node.uuid).ramdisk = purpose;
  }

  cleanUpRamdisk(node: NodeRef): Promise<void> {
    this.machines.machine(node.uuid).ramdisk = null;
    return Promise.resolve();
  }

  async prepareInstance(node: NodeRef, ctx: DriverContext): Promise<void> {
    await this.machines.delay(this.machines.options.bootDelayMs, ctx.signal);
    this.machines.machine(node.uuid).instanceBootReady = true;
  }

  cleanUpInstance(node: NodeRef): Promise<void> {
    this.machines.machine(node.uuid).instanceBootReady = false;
    return Promise.resolve();
  }
}
