import { BootDevice, InvalidParameterValue, type NodeRef } from '../../core/index.js';
import type { BootInterface, DriverContext, RamdiskPurpose } from '../interfaces/index.js';
import { propertyAllowableValues } from './allowable-values.js';
import { bootTargetFor } from './boot-devices.js';
import type { BootIsoSource } from './boot-iso-source.js';
import { setBootOverride } from './boot-override.js';
import { objectAt } from './json-fields.js';
import type { RedfishClientPool } from './redfish-client-pool.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { readSystem } from './redfish-system.js';
import { ejectMedia, insertIntoFirstSlot, slotsFor, virtualMediaSlots, type MediaKind } from './virtual-media.js';

/**
 * `redfish-virtual-media` boot: inserts the ramdisk ISO into a virtual CD and boots it once; for the instance,
 * ejects it and boots the disk persistently (ironic/drivers/modules/redfish/boot.py). The ISO comes from a
 * BootIsoSource; building one is a later issue (see boot-iso-source.ts).
 */
export class RedfishVirtualMediaBoot implements BootInterface {
  constructor(private readonly pool: RedfishClientPool, private readonly isoSource: BootIsoSource) {}

  validate(node: NodeRef): void {
    parseRedfishDriverInfo(node);
    this.isoSource.validate(node);
  }

  async prepareRamdisk(node: NodeRef, purpose: RamdiskPurpose, ctx: DriverContext): Promise<void> {
    const url = await this.isoSource.ramdiskIsoUrl(node, purpose, ctx);
    const handle = await readSystem(this.pool, node, ctx);
    const slot = await insertIntoFirstSlot(handle.client, await virtualMediaSlots(handle.client, handle.system, ctx), 'cd', url, ctx);
    const target = bootTargetFor(BootDevice.Cdrom, handle.system.body, handle.quirks);
    if (target === undefined) throw new InvalidParameterValue(`Node ${node.uuid} cannot boot from a virtual CD.`);
    await setBootOverride(await readSystem(this.pool, node, ctx), { target, enabled: 'Once' }, ctx);
    ctx.log.info({ node: node.uuid, purpose, slot }, 'redfish virtual media inserted; next boot from CD');
  }

  async cleanUpRamdisk(node: NodeRef, purpose: RamdiskPurpose, ctx: DriverContext): Promise<void> {
    await this.ejectAll(node, 'cd', ctx);
    await this.isoSource.cleanUp(node, purpose, ctx);
  }

  async prepareInstance(node: NodeRef, ctx: DriverContext): Promise<void> {
    await this.ejectAll(node, 'cd', ctx);
    const handle = await readSystem(this.pool, node, ctx);
    // Lenovo XCC allows only Once: then the next boot is from disk and later boots follow the BIOS order (Ironic).
    const allowed = propertyAllowableValues(objectAt(handle.system.body, 'Boot'), 'BootSourceOverrideEnabled');
    const enabled = allowed && !allowed.includes('Continuous') ? 'Once' : 'Continuous';
    await setBootOverride(handle, { target: 'Hdd', enabled }, ctx);
  }

  async cleanUpInstance(node: NodeRef, ctx: DriverContext): Promise<void> {
    await this.ejectAll(node, 'cd', ctx);
  }

  /** Ejects every slot of `kind` (also used by the vendor passthru `eject_vmedia`). */
  async ejectAll(node: NodeRef, kind: MediaKind, ctx: DriverContext): Promise<void> {
    const { client, system } = await readSystem(this.pool, node, ctx);
    for (const slot of slotsFor(await virtualMediaSlots(client, system, ctx), kind)) await ejectMedia(client, slot, ctx);
  }
}
