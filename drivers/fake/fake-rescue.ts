import type { NodeRef } from '../../core/index.js';
import type { DriverContext, RescueInterface } from '../interfaces/index.js';
import type { FakeMachines } from './fake-machines.js';

/** `fake` rescue: "boots" the rescue ramdisk in rescueDelayMs and back. */
export class FakeRescue implements RescueInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {}

  async rescue(node: NodeRef, ctx: DriverContext): Promise<'done'> {
    await this.machines.delay(this.machines.options.rescueDelayMs, ctx.signal);
    this.machines.machine(node.uuid).ramdisk = 'rescue';
    return 'done';
  }

  async unrescue(node: NodeRef, ctx: DriverContext): Promise<void> {
    await this.machines.delay(this.machines.options.rescueDelayMs, ctx.signal);
    this.machines.machine(node.uuid).ramdisk = null;
  }

  cleanUp(node: NodeRef): Promise<void> {
    this.machines.machine(node.uuid).ramdisk = null;
    return Promise.resolve();
  }
}
