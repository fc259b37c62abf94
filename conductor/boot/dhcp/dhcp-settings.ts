import type { Ipv4Network } from './ipv4-address.js';

/** One subnet the server answers for: its network, the range it leases from and what it tells clients. */
export interface DhcpSubnetSettings {
  /** As configured, e.g. 10.77.0.0/16; in logs. */
  cidr: string;
  network: Ipv4Network;
  first: string;
  last: string;
  router: string | undefined;
  dns: readonly string[];
}

/** Where boot files live; empty strings take the receiving interface's address (see resolveBootFiles). */
export interface DhcpBootSettings {
  bootServer: string;
  httpBaseUrl: string;
  /** Port of this conductor's HTTP boot server, for the default httpBaseUrl (httpBoot.port; 8088 if absent). */
  httpBootPort?: number;
  ipxeScriptPath: string;
  biosFile: string;
  uefiX64File: string;
  uefiArm64File: string;
}

/** Everything the DHCP server decides with, already validated (parseDhcpConfig builds it). */
export interface DhcpSettings {
  /** full: addresses and boot files; proxy: boot files for PXE clients only, the site's DHCP addresses them. */
  mode: 'full' | 'proxy';
  /** Network interfaces to serve on (one socket bound to each). */
  interfaces: readonly string[];
  subnets: readonly DhcpSubnetSettings[];
  leaseTimeS: number;
  /** How long an offer reserves its address (RFC 2131 §4.3.1 "tentative"). */
  offerHoldS: number;
  /** How long a declined address stays unused (RFC 2131 §4.3.3). */
  declineHoldS: number;
  /** Lease to MACs that are no enrolled port (discovery, inspection). */
  allowUnknownClients: boolean;
  /** Starvation bound: dynamic (unknown-client) bindings per subnet. */
  maxDynamicLeases: number;
  /** Starvation bound: new unknown clients offered an address per second, per subnet. */
  maxNewClientsPerSecond: number;
  boot: DhcpBootSettings;
}
