import { InvalidParameterValue, type JsonValue, type NodeRef } from '../../core/index.js';
import type { DriverContext, VendorInterface, VendorMethod } from '../interfaces/index.js';
import { isObject, stringAt } from './json-fields.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import type { RedfishVirtualMediaBoot } from './redfish-virtual-media-boot.js';
import type { MediaKind } from './virtual-media.js';

/** Ironic boot device names accepted by eject_vmedia -> media kind. */
const EJECT_KINDS: Readonly<Record<string, MediaKind>> = { cdrom: 'cd', floppy: 'floppy', disk: 'usb' };

/** `redfish` vendor passthru: `eject_vmedia` (ironic/drivers/modules/redfish/vendor.py). */
export class RedfishVendor implements VendorInterface {
  constructor(private readonly media: RedfishVirtualMediaBoot) {}

  validate(node: NodeRef): void {
    parseRedfishDriverInfo(node);
  }

  getRoutes(): Record<string, VendorMethod> {
    return {
      eject_vmedia: {
        http_methods: ['POST'], async: true, attach: false, require_exclusive_lock: true,
        description: 'Eject a virtual media device. Optional argument boot_device: cdrom, floppy or disk; all when absent.',
      },
    };
  }

  async call(node: NodeRef, method: string, _httpMethod: string, args: JsonValue, ctx: DriverContext): Promise<JsonValue> {
    if (method !== 'eject_vmedia') throw new InvalidParameterValue(`Unknown vendor method ${method} for the redfish vendor interface (node ${node.uuid}).`);
    const device = isObject(args) ? stringAt(args, 'boot_device') : undefined;
    const kinds = device === undefined ? Object.values(EJECT_KINDS) : [EJECT_KINDS[device]];
    for (const kind of kinds) {
      if (kind === undefined) throw new InvalidParameterValue(`eject_vmedia: boot_device must be one of ${Object.keys(EJECT_KINDS).join(', ')} (node ${node.uuid}).`);
      await this.media.ejectAll(node, kind, ctx);
    }
    return null;
  }
}
