import { BootDevice, type BootMode, type NodeRef } from '../../core/index.js';
import type { BootDeviceState, DriverContext, ManagementInterface } from '../interfaces/index.js';
import type { FakeMachines } from './fake-machines.js';

/** `fake` management: boot device, boot mode, secure boot and NMI, remembered per node. */
export class FakeManagement implements ManagementInterface {
  constructor(private readonly machines: FakeMachines) {}

  validate(): void {}

  getSupportedBootDevices(): Promise<BootDevice[]> {
    return Promise.resolve([BootDevice.Pxe, BootDevice.Disk, BootDevice.Cdrom, BootDevice.Bios, BootDevice.Safe]);
  }

  async getBootDevice(node: NodeRef, ctx: DriverContext): Promise<BootDeviceState> {
    ctx.signal.throwIfAborted();
    const machine = this.machines.bmc(node);
    return Promise.resolve({ boot_device: machine.bootDevice, persistent: machine.persistent });
  }

  async setBootDevice(node: NodeRef, device: BootDevice, persistent: boolean, ctx: DriverContext): Promise<void> {
    const machine = this.machines.bmc(node);
    await this.machines.delay(this.machines.options.managementDelayMs, ctx.signal);
    machine.bootDevice = device;
    machine.persistent = persistent;
  }

  async getBootMode(node: NodeRef): Promise<BootMode | null> {
    return Promise.resolve(this.machines.bmc(node).bootMode);
  }

  async setBootMode(node: NodeRef, mode: BootMode, ctx: DriverContext): Promise<void> {
    const machine = this.machines.bmc(node);
    await this.machines.delay(this.machines.options.managementDelayMs, ctx.signal);
    machine.bootMode = mode;
  }

  async setSecureBoot(node: NodeRef, on: boolean, ctx: DriverContext): Promise<void> {
    const machine = this.machines.bmc(node);
    await this.machines.delay(this.machines.options.managementDelayMs, ctx.signal);
    machine.secureBoot = on;
  }

  async injectNmi(node: NodeRef): Promise<void> {
    this.machines.bmc(node).nmiCount += 1;
    return Promise.resolve();
  }
}
