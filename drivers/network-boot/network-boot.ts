import { BootDevice, MissingParameterValue, type NodeRef } from '../../core/index.js';
import type { BootInterface, RamdiskPurpose, StepContext } from '../interfaces/index.js';

/** Conductor defaults for nodes whose driver_info names no deploy kernel or ramdisk (httpBoot.deployKernel …). */
export interface NetworkBootOptions {
  defaultDeployKernel: string;
  defaultDeployRamdisk: string;
}

function infoText(node: NodeRef, key: string): string | undefined {
  const value = node.driver_info[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Ferro's network boot (`ipxe`, `pxe`, `http-ipxe`, `http`). Ironic writes per-node PXE/iPXE files on the
 * owning conductor and rewrites them on takeover; Ferro's DHCP, TFTP and HTTP boot servers render every answer
 * from the node's provision state in the shared database (conductor/boot), so preparing a boot is only
 * validating the inputs and pointing the BMC at the network (or at the disk once the instance is written).
 * Nothing is left behind to clean up, and any conductor's boot server can answer for any node.
 */
export class NetworkBoot implements BootInterface {
  constructor(readonly name: string, private readonly options: NetworkBootOptions) {}

  /** Ironic's message when deploy_kernel/deploy_ramdisk are missing and no conductor default exists. */
  validate(node: NodeRef): void {
    const missing = [
      ['deploy_kernel', this.options.defaultDeployKernel],
      ['deploy_ramdisk', this.options.defaultDeployRamdisk],
    ].filter(([key, fallback]) => infoText(node, key ?? '') === undefined && (fallback ?? '').trim() === '').map(([key]) => `'${key ?? ''}'`);
    if (missing.length > 0) {
      throw new MissingParameterValue(
        `Some parameters were missing in node's driver_info. Missing are: [${missing.join(', ')}] (node ${node.uuid}, boot interface ${this.name}; or set httpBoot.deployKernel/deployRamdisk).`,
      );
    }
  }

  /**
   * The next boot goes to the network; the boot servers hand out the ramdisk because the node is now in an
   * agent state. One-time where the BMC allows it (Ironic's default, persistent=False), so a machine that
   * reboots by itself later does not loop into the ramdisk.
   */
  async prepareRamdisk(node: NodeRef, _purpose: RamdiskPurpose, ctx: StepContext): Promise<void> {
    this.validate(node);
    await ctx.setBootDevice(BootDevice.Pxe, false);
  }

  /** Nothing to remove: the boot scripts follow the node's state. */
  cleanUpRamdisk(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Whole-disk instances boot from the local disk, persistently (Ironic's local boot). The node's iPXE script
   * for `active` also boots the local disk, so a machine that still network-boots ends up there too.
   */
  async prepareInstance(_node: NodeRef, ctx: StepContext): Promise<void> {
    await ctx.setBootDevice(BootDevice.Disk, true);
  }

  cleanUpInstance(): Promise<void> {
    return Promise.resolve();
  }
}
