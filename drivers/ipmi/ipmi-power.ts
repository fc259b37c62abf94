import { PowerState, PowerStateFailure, PowerTarget, type NodeRef } from '../../core/index.js';
import type { DriverContext, PowerInterface } from '../interfaces/index.js';
import { writeBootFlags } from './boot-flags.js';
import {
  ChassisControl,
  chassisControlRequest,
  getChassisStatusRequest,
  parseChassisStatus,
} from './chassis-commands.js';
import { parseIpmiDriverInfo, type IpmiDriverInfo } from './driver-info.js';
import { IpmiError } from './ipmi-error.js';
import { inNodeContext, type IpmiInterfaceDeps } from './ipmi-interface-deps.js';
import { runCommand } from './run-command.js';

/**
 * IPMI power (Ironic's `ipmitool` power interface): Chassis Control and Get Chassis Status. Reboot is power
 * off, wait until off, power on (as Ironic does: Power Cycle fails on a machine that is off).
 */
export class IpmiPower implements PowerInterface {
  constructor(private readonly deps: IpmiInterfaceDeps) {}

  validate(node: NodeRef): void {
    parseIpmiDriverInfo(node, this.deps.flavour);
  }

  async getPowerState(node: NodeRef, ctx: DriverContext): Promise<PowerState> {
    const info = parseIpmiDriverInfo(node, this.deps.flavour);
    try {
      return (await this.isOn(info, ctx.signal)) ? PowerState.On : PowerState.Off;
    } catch (error) {
      throw powerFailure(error, node, 'get power state');
    }
  }

  async setPowerState(
    node: NodeRef,
    target: PowerTarget,
    timeoutMs: number | undefined,
    ctx: DriverContext,
  ): Promise<void> {
    const info = parseIpmiDriverInfo(node, this.deps.flavour);
    const waitMs = timeoutMs ?? this.deps.powerOffTimeoutMs;
    try {
      switch (target) {
        case PowerTarget.On:
          await this.powerOn(node, info, ctx);
          break;
        case PowerTarget.Off:
          await this.control(info, ChassisControl.PowerDown, ctx.signal);
          break;
        case PowerTarget.Rebooting:
          await this.powerOffAndWait(node, info, ChassisControl.PowerDown, waitMs, ctx);
          await this.powerOn(node, info, ctx);
          break;
        case PowerTarget.SoftOff:
          await this.powerOffAndWait(node, info, ChassisControl.SoftShutdown, waitMs, ctx);
          break;
        case PowerTarget.SoftRebooting:
          await this.powerOffAndWait(node, info, ChassisControl.SoftShutdown, waitMs, ctx);
          await this.powerOn(node, info, ctx);
          break;
      }
    } catch (error) {
      throw powerFailure(error, node, `set power state to '${target}'`);
    }
  }

  getSupportedPowerStates(): PowerTarget[] {
    return Object.values(PowerTarget);
  }

  private async isOn(info: IpmiDriverInfo, signal: AbortSignal): Promise<boolean> {
    return parseChassisStatus(await runCommand(this.deps.runner, info.target, getChassisStatusRequest(), signal))
      .powerOn;
  }

  private async control(info: IpmiDriverInfo, action: ChassisControl, signal: AbortSignal): Promise<void> {
    await runCommand(this.deps.runner, info.target, chassisControlRequest(action), signal);
  }

  /** Powers on, first sending the remembered boot device again for BMCs that forget it (ipmi_force_boot_device). */
  private async powerOn(node: NodeRef, info: IpmiDriverInfo, ctx: DriverContext): Promise<void> {
    const remembered = info.forceBootDevice ? this.deps.forcedBootDevices.get(node.uuid) : undefined;
    if (remembered) {
      const options = {
        setInProgress: this.deps.flavour === 'native',
        disableBootTimeout: info.disableBootTimeout,
        log: ctx.log,
      };
      await writeBootFlags(this.deps.runner, info.target, remembered, options, ctx.signal);
      if (!remembered.persistent) this.deps.forcedBootDevices.delete(node.uuid); // "next boot only" is used up
    }
    await this.control(info, ChassisControl.PowerUp, ctx.signal);
  }

  /** Sends `action` unless the machine is already off, then polls until it is off or `timeoutMs` passes. */
  private async powerOffAndWait(
    node: NodeRef,
    info: IpmiDriverInfo,
    action: ChassisControl,
    timeoutMs: number,
    ctx: DriverContext,
  ): Promise<void> {
    if (!(await this.isOn(info, ctx.signal))) return;
    await this.control(info, action, ctx.signal);
    const { clock, powerPollIntervalMs } = this.deps;
    const deadline = clock.now() + timeoutMs;
    const maxPolls = Math.ceil(timeoutMs / powerPollIntervalMs) + 1;
    for (let poll = 0; poll < maxPolls; poll += 1) {
      if (!(await this.isOn(info, ctx.signal))) return;
      if (clock.now() >= deadline) break;
      await clock.sleep(Math.min(powerPollIntervalMs, Math.max(0, deadline - clock.now())), ctx.signal);
    }
    throw new PowerStateFailure(
      `Node ${node.uuid} did not power off within ${timeoutMs} ms after IPMI ${action === ChassisControl.SoftShutdown ? 'soft shutdown' : 'power down'}.`,
    );
  }
}

/** IPMI failures of power operations become PowerStateFailure with the IPMI error as cause. */
function powerFailure(error: unknown, node: NodeRef, action: string): unknown {
  const detailed = inNodeContext(error, node.uuid, action);
  return detailed instanceof IpmiError ? new PowerStateFailure(detailed.message, { cause: detailed }) : detailed;
}
