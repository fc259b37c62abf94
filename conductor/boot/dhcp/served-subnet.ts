import type { Clock } from '../../../core/index.js';
import { formatIpv4, isInNetwork, parseIpv4 } from './ipv4-address.js';
import { createLeasePool, type LeasePool } from './lease-pool.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import type { DhcpSettings, DhcpSubnetSettings } from './dhcp-settings.js';

/** A configured subnet at run time: its settings, its lease pool and its new-client rate limit. */
export interface ServedSubnet {
  readonly settings: DhcpSubnetSettings;
  readonly pool: LeasePool;
  readonly newClients: RateLimiter;
}

/** The run-time subnets; the router, DNS servers and `serverAddresses` are never leased. */
export function createServedSubnets(
  settings: DhcpSettings,
  serverAddresses: readonly string[],
  clock: Clock,
): ServedSubnet[] {
  return settings.subnets.map((s) => {
    const excluded = new Set(
      [s.router, ...s.dns, ...serverAddresses].flatMap((a) => (a === undefined ? [] : [parseIpv4(a) ?? -1])),
    );
    const first = parseIpv4(s.first) ?? 0;
    const last = parseIpv4(s.last) ?? -1;
    // The network and broadcast addresses are never valid host addresses (RFC 919, RFC 950).
    excluded.add(s.network.address);
    excluded.add((s.network.address | (~s.network.mask >>> 0)) >>> 0);
    return {
      settings: s,
      pool: createLeasePool({ first, last, excluded, maxDynamic: settings.maxDynamicLeases }, clock),
      newClients: createRateLimiter(settings.maxNewClientsPerSecond, clock),
    };
  });
}

/** The subnet an address belongs to, if the server serves it. */
export function findSubnet(subnets: readonly ServedSubnet[], address: string): ServedSubnet | undefined {
  const value = parseIpv4(address);
  if (value === undefined || value === 0) return undefined;
  return subnets.find((s) => isInNetwork(value, s.settings.network));
}

/** The subnet mask and broadcast address of a subnet, dotted. */
export function maskAndBroadcast(s: DhcpSubnetSettings): { mask: string; broadcast: string } {
  return {
    mask: formatIpv4(s.network.mask),
    broadcast: formatIpv4((s.network.address | (~s.network.mask >>> 0)) >>> 0),
  };
}
