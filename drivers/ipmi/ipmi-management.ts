import { InvalidParameterValue, type BootDevice, type NodeRef } from '../../core/index.js';
import type { BootDeviceState, DriverContext, ManagementInterface } from '../interfaces/index.js';
import { readBootFlags, writeBootFlags } from './boot-flags.js';
import { IPMI_BOOT_DEVICES } from './boot-options.js';
import { ChassisControl, chassisControlRequest, chassisIdentifyRequest } from './chassis-commands.js';
import { parseIpmiDriverInfo } from './driver-info.js';
import { bootModeOf, inNodeContext, type IpmiInterfaceDeps } from './ipmi-interface-deps.js';
import { runCommand } from './run-command.js';

/**
 * IPMI management (Ironic's `ipmitool` management interface): boot device through System Boot Options
 * parameter 5 (with the EFI flag when the node boots UEFI), NMI through Chassis Control, chassis identify.
 */
export class IpmiManagement implements ManagementInterface {
  constructor(private readonly deps: IpmiInterfaceDeps) {}

  validate(node: NodeRef): void {
    parseIpmiDriverInfo(node, this.deps.flavour);
  }

  getSupportedBootDevices(): Promise<BootDevice[]> {
    return Promise.resolve([...IPMI_BOOT_DEVICES]);
  }

  async getBootDevice(node: NodeRef, ctx: DriverContext): Promise<BootDeviceState> {
    const info = parseIpmiDriverInfo(node, this.deps.flavour);
    const remembered = info.forceBootDevice ? this.deps.forcedBootDevices.get(node.uuid) : undefined;
    if (remembered) return { boot_device: remembered.device, persistent: remembered.persistent };
    try {
      const flags = await readBootFlags(this.deps.runner, info.target, ctx.signal);
      return { boot_device: flags.device, persistent: flags.persistent };
    } catch (error) {
      throw inNodeContext(error, node.uuid, 'get boot device');
    }
  }

  async setBootDevice(node: NodeRef, device: BootDevice, persistent: boolean, ctx: DriverContext): Promise<void> {
    const info = parseIpmiDriverInfo(node, this.deps.flavour);
    if (!IPMI_BOOT_DEVICES.includes(device)) {
      throw new InvalidParameterValue(
        `Boot device '${device}' is not supported by the IPMI management interface of node ${node.uuid}; supported: ${IPMI_BOOT_DEVICES.join(', ')}.`,
      );
    }
    const flags = { device, persistent, efi: bootModeOf(node) === 'uefi' };
    const options = {
      setInProgress: this.deps.flavour === 'native',
      disableBootTimeout: info.disableBootTimeout,
      log: ctx.log,
    };
    try {
      await writeBootFlags(this.deps.runner, info.target, flags, options, ctx.signal);
    } catch (error) {
      throw inNodeContext(error, node.uuid, `set boot device to '${device}'`);
    }
    if (info.forceBootDevice) this.deps.forcedBootDevices.set(node.uuid, flags);
  }

  async injectNmi(node: NodeRef, ctx: DriverContext): Promise<void> {
    const info = parseIpmiDriverInfo(node, this.deps.flavour);
    try {
      await runCommand(
        this.deps.runner,
        info.target,
        chassisControlRequest(ChassisControl.DiagnosticInterrupt),
        ctx.signal,
      );
    } catch (error) {
      throw inNodeContext(error, node.uuid, 'inject NMI');
    }
  }

  /** Blinks the chassis identify light for `seconds` (0 turns it off); not part of the port, used by tools. */
  async identify(node: NodeRef, seconds: number, ctx: DriverContext): Promise<void> {
    const info = parseIpmiDriverInfo(node, this.deps.flavour);
    try {
      await runCommand(this.deps.runner, info.target, chassisIdentifyRequest(seconds), ctx.signal);
    } catch (error) {
      throw inNodeContext(error, node.uuid, 'chassis identify');
    }
  }
}
