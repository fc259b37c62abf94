import type { DhcpClientFacts } from './dhcp-client-facts.js';
import { subnetOf, type Arrival, type DhcpContext } from './dhcp-context.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { forgetLease } from './forget-lease.js';
import { parseIpv4 } from './ipv4-address.js';

/**
 * DHCPDECLINE (RFC 2131 §4.3.3): the client found the address in use (ARP). It is withdrawn and kept out of
 * use for declineHoldS, since something else on the wire holds it.
 */
export async function handleDecline(
  ctx: DhcpContext,
  request: DhcpPacket,
  facts: DhcpClientFacts,
  arrival: Arrival,
): Promise<undefined> {
  if (facts.serverId !== arrival.serverAddress || facts.requestedAddress === undefined) return undefined;
  const subnet = subnetOf(ctx, request, arrival);
  const address = parseIpv4(facts.requestedAddress);
  if (subnet === undefined || address === undefined || subnet.pool.at(address)?.clientKey !== facts.clientKey)
    return undefined;
  subnet.pool.quarantine(address, ctx.settings.declineHoldS * 1000);
  await forgetLease(ctx, facts.requestedAddress);
  ctx.log.warn({ mac: facts.mac, address: facts.requestedAddress }, 'address declined by client; quarantined');
  return undefined;
}
