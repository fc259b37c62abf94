/** What the conductor knows about a MAC: the enrolled port it belongs to. */
export interface DhcpHost {
  nodeUuid: string;
  /** Ironic's port.pxe_enabled: false means "address it, but do not boot it from the network". */
  pxeEnabled: boolean;
  /** A reserved address for this MAC, if the operator set one. */
  fixedAddress: string | undefined;
}

/**
 * The DHCP server's port to enrolled hardware (STYLE §2: conductor/boot/ sees only its own small ports).
 * main.ts implements it over the store's ports; an unknown MAC resolves to undefined.
 */
export interface DhcpHostReader {
  findHost(mac: string): Promise<DhcpHost | undefined>;
}
