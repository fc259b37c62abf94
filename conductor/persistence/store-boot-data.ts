import type { BootDataReader, BootNode } from '../boot/boot-data-reader.js';
import type { Store } from './repository.js';

/** Boot server URLs come from configuration: the conductors table names hosts, not reachable addresses. */
export interface BootDataUrls {
  bootServers: readonly string[];
  apiUrls: readonly string[];
}

/**
 * The boot servers' port onto the shared database (conductor/boot/boot-data-reader.ts). It lives with the
 * store adapters because conductor/boot may import only core/ and its own port (STYLE §2); main.ts wires it.
 * Only PXE-enabled ports boot from the network, as Ironic links only those (ironic.md §6.1).
 */
export function createStoreBootData(store: Pick<Store, 'nodes' | 'ports'>, urls: BootDataUrls): BootDataReader {
  return {
    async nodeForMac(mac: string): Promise<BootNode | undefined> {
      const ports = await store.ports.list({ address: mac }, { limit: 2, sortKey: 'id', sortDir: 'asc' });
      const port = ports.find((p) => p.pxe_enabled);
      if (port === undefined) return undefined;
      const node = await store.nodes.get(port.node_uuid);
      if (node === undefined) return undefined;
      return {
        uuid: node.uuid, name: node.name, provisionState: node.provision_state, driverInfo: node.driver_info,
        instanceInfo: node.instance_info,
      };
    },
    bootServers: () => Promise.resolve(urls.bootServers),
    apiUrls: () => Promise.resolve(urls.apiUrls),
  };
}
