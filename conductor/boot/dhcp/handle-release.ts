import type { DhcpClientFacts } from './dhcp-client-facts.js';
import type { Arrival, DhcpContext } from './dhcp-context.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { parseIpv4 } from './ipv4-address.js';
import { findSubnet } from './served-subnet.js';

import { forgetLease } from './forget-lease.js';

/** DHCPRELEASE (RFC 2131 §4.3.4): the client gives ciaddr back. Only its own lease, only if addressed to us. */
export async function handleRelease(
  ctx: DhcpContext,
  request: DhcpPacket,
  facts: DhcpClientFacts,
  arrival: Arrival,
): Promise<undefined> {
  if (facts.serverId !== undefined && facts.serverId !== arrival.serverAddress) return undefined;
  const subnet = findSubnet(ctx.subnets, request.ciaddr);
  const address = parseIpv4(request.ciaddr);
  if (subnet === undefined || address === undefined || !subnet.pool.release(address, facts.clientKey)) return undefined;
  await forgetLease(ctx, request.ciaddr);
  ctx.log.debug({ mac: facts.mac, address: request.ciaddr }, 'lease released');
  return undefined;
}
