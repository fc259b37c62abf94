import type { NodeRef } from '../../core/index.js';
import type { DriverContext } from './driver-context.js';

/** The networks a node's ports move between (Ironic's add_*_network / configure_tenant_networks). */
export type NetworkPurpose = 'provisioning' | 'cleaning' | 'inspection' | 'rescuing' | 'servicing' | 'tenant';

/** Moves the node's ports between networks (NetworkInterface: flat, neutron, noop). */
export interface NetworkInterface {
  validate(node: NodeRef): void;
  /** Connects the node's ports to the network for `purpose`. */
  attach(node: NodeRef, purpose: NetworkPurpose, ctx: DriverContext): Promise<void>;
  /** Disconnects them again. */
  detach(node: NodeRef, purpose: NetworkPurpose, ctx: DriverContext): Promise<void>;
}
