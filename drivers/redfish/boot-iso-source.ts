import { MissingParameterValue, type NodeRef } from '../../core/index.js';
import type { DriverContext, RamdiskPurpose } from '../interfaces/index.js';

/**
 * Where the virtual-media boot interface gets the ISO to insert. TODO(ISO building, a later issue): an
 * implementation that builds a bootable ISO from deploy_kernel/deploy_ramdisk (and the instance's kernel for
 * ramdisk deploys), publishes it over the conductor's HTTP server and removes it on clean-up, as Ironic's
 * image_utils.prepare_deploy_iso does. Until then only prebuilt ISOs from driver_info work.
 */
export interface BootIsoSource {
  /** Throws MissingParameterValue when the node lacks what this source needs. */
  validate(node: NodeRef): void;
  /** An http(s) URL of a bootable ISO for `purpose`. */
  ramdiskIsoUrl(node: NodeRef, purpose: RamdiskPurpose, ctx: DriverContext): Promise<string>;
  /** Removes what ramdiskIsoUrl published, if anything. */
  cleanUp(node: NodeRef, purpose: RamdiskPurpose, ctx: DriverContext): Promise<void>;
}

/** Ironic's driver_info keys for prebuilt ISOs (redfish boot: `deploy_iso`, `rescue_iso`). */
function isoKey(purpose: RamdiskPurpose): 'deploy_iso' | 'rescue_iso' {
  return purpose === 'rescue' ? 'rescue_iso' : 'deploy_iso';
}

/** The stop-gap source: a prebuilt ISO URL from driver_info; nothing is built or published. */
export const prebuiltIsoSource: BootIsoSource = {
  validate(node) {
    isoUrl(node, 'deploy');
  },
  ramdiskIsoUrl(node, purpose) {
    return Promise.resolve(isoUrl(node, purpose));
  },
  cleanUp() {
    return Promise.resolve();
  },
};

function isoUrl(node: NodeRef, purpose: RamdiskPurpose): string {
  const key = isoKey(purpose);
  const value = node.driver_info[key];
  if (typeof value === 'string' && /^https?:\/\//i.test(value)) return value;
  throw new MissingParameterValue(
    `Node ${node.uuid} needs driver_info ${key}: the http(s) URL of a bootable ISO. Building ISOs from deploy_kernel and deploy_ramdisk is not implemented yet.`,
  );
}
