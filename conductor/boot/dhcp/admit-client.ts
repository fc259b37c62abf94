import type { DhcpClientFacts } from './dhcp-client-facts.js';
import type { DhcpContext } from './dhcp-context.js';
import type { DhcpHost } from './dhcp-host-reader.js';
import { isInNetwork, parseIpv4 } from './ipv4-address.js';
import type { ServedSubnet } from './served-subnet.js';

/** Who the client is to the pool: an enrolled port (maybe with a reservation) or an unknown machine. */
export interface Admission {
  host: DhcpHost | undefined;
  dynamic: boolean;
  fixed: number | undefined;
}

/** Looks the MAC up; undefined when unknown clients are not served (RFC 2131 §4.3.1 lets a server stay silent). */
export async function admitClient(
  ctx: DhcpContext,
  facts: DhcpClientFacts,
  subnet: ServedSubnet,
): Promise<Admission | undefined> {
  const host = facts.mac === undefined ? undefined : await ctx.hosts.findHost(facts.mac);
  if (host === undefined)
    return ctx.settings.allowUnknownClients ? { host, dynamic: true, fixed: undefined } : undefined;
  const fixed = host.fixedAddress === undefined ? undefined : parseIpv4(host.fixedAddress);
  if (fixed !== undefined && !isInNetwork(fixed, subnet.settings.network)) {
    ctx.log.warn(
      { mac: facts.mac, address: host.fixedAddress, subnet: subnet.settings.cidr },
      'reserved address is outside the subnet; ignored',
    );
    return { host, dynamic: false, fixed: undefined };
  }
  return { host, dynamic: false, fixed };
}
