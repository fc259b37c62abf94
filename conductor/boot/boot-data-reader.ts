import type { JsonObject, ProvisionState } from '../../core/index.js';

/**
 * What the boot servers need to know about a node to answer its firmware: read from the shared database on
 * every request, so any conductor's boot server can answer for any node in any state (ironic.md §7: Ironic
 * keeps these files only on the owning conductor and rebuilds them 180 s after a takeover).
 */
export interface BootNode {
  uuid: string;
  name: string | null;
  provisionState: ProvisionState;
  /** deploy_kernel, deploy_ramdisk, rescue_kernel, rescue_ramdisk, kernel_append_params … as stored. */
  driverInfo: JsonObject;
  /** instance_info; its kernel_append_params wins over driver_info's (Ironic's order). */
  instanceInfo: JsonObject;
}

/** The boot servers' read-only view of the shared database (STYLE §2: conductor/boot's own port). */
export interface BootDataReader {
  /** The node owning a PXE-enabled port with this MAC (canonical `aa:bb:…`), or undefined. */
  nodeForMac(mac: string): Promise<BootNode | undefined>;
  /** Base URLs of every boot server machines may use, this one first (`http://10.0.0.1:8088`). */
  bootServers(): Promise<readonly string[]>;
  /** Base URLs of the Ironic API the agent calls back, in the order it should try them. */
  apiUrls(): Promise<readonly string[]>;
}
