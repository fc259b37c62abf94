import { PowerTarget, finalPowerState, type NodeRef, type PowerState } from '../../core/index.js';
import type { DriverContext, PowerInterface } from '../interfaces/index.js';
import type { FakeMachines } from './fake-machines.js';

/** `fake` power: remembers the state per node; honours powerDelayMs and unreachable BMCs. */
export class FakePower implements PowerInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {} // fake nodes need no driver_info

  async getPowerState(node: NodeRef, ctx: DriverContext): Promise<PowerState> {
    ctx.signal.throwIfAborted();
    return Promise.resolve(this.machines.bmc(node).power);
  }

  async setPowerState(node: NodeRef, target: PowerTarget, _timeoutMs: number | undefined, ctx: DriverContext): Promise<void> {
    const machine = this.machines.bmc(node);
    await this.machines.delay(this.machines.options.powerDelayMs, ctx.signal); // mimics a slow BMC
    machine.power = finalPowerState(target);
    if (machine.power === 'power off') machine.ramdisk = null;
  }

  getSupportedPowerStates(): PowerTarget[] {
    return Object.values(PowerTarget);
  }
}
