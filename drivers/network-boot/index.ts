import type { Implementations } from '../interfaces/index.js';
import { NetworkBoot, type NetworkBootOptions } from './network-boot.js';

export { NetworkBoot, type NetworkBootOptions } from './network-boot.js';

/** The network boot interfaces Ironic's generic hardware types offer, all served by Ferro's boot servers. */
export function createNetworkBootImplementations(options: NetworkBootOptions): Implementations {
  return { boot: Object.fromEntries(['ipxe', 'pxe', 'http-ipxe', 'http'].map((name) => [name, new NetworkBoot(name, options)])) };
}
