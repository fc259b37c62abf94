import type { DhcpHost, DhcpHostReader } from '../boot/dhcp/index.js';
import type { Store } from './repository.js';

/**
 * The DHCP server's view of enrolled ports: a MAC is known when a port has it. A reserved address, if the
 * operator wants one, is the port's `extra.dhcp_address` (Ironic leaves addressing to Neutron; standalone
 * setups need somewhere to put it, and `extra` is the free-form field operators already use).
 */
export function createStoreDhcpHosts(store: Pick<Store, 'ports'>): DhcpHostReader {
  return {
    findHost: async (mac): Promise<DhcpHost | undefined> => {
      const [port] = await store.ports.list({ address: mac }, { limit: 1, sortKey: 'id', sortDir: 'asc' });
      if (port === undefined) return undefined;
      const fixed = port.extra['dhcp_address'];
      return {
        nodeUuid: port.node_uuid,
        pxeEnabled: port.pxe_enabled,
        fixedAddress: typeof fixed === 'string' ? fixed : undefined,
      };
    },
  };
}
