import { addBootFor } from './add-boot-for.js';
import { admitClient } from './admit-client.js';
import { addAddressOptions, buildReply, replyDestination, type Outgoing } from './build-reply.js';
import type { DhcpClientFacts } from './dhcp-client-facts.js';
import { MessageType } from './dhcp-constants.js';
import { subnetOf, type Arrival, type DhcpContext } from './dhcp-context.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { formatIpv4, parseIpv4 } from './ipv4-address.js';

/** DHCPDISCOVER (RFC 2131 §4.3.1): reserve an address for a while and offer it, with boot options for PXE. */
export async function handleDiscover(
  ctx: DhcpContext,
  request: DhcpPacket,
  facts: DhcpClientFacts,
  arrival: Arrival,
): Promise<Outgoing | undefined> {
  const subnet = subnetOf(ctx, request, arrival);
  if (subnet === undefined) return undefined;
  const admission = await admitClient(ctx, facts, subnet);
  if (admission === undefined) return undefined;
  const requested = facts.requestedAddress === undefined ? undefined : parseIpv4(facts.requestedAddress);
  const address = subnet.pool.offer({
    clientKey: facts.clientKey,
    mac: facts.mac,
    dynamic: admission.dynamic,
    fixed: admission.fixed,
    requested,
    holdMs: ctx.settings.offerHoldS * 1000,
    admitNew: () => subnet.newClients.tryTake(),
  });
  if (typeof address !== 'number') {
    ctx.log.warn({ mac: facts.mac, subnet: subnet.settings.cidr, reason: address }, 'no address offered');
    return undefined;
  }
  const reply = buildReply(request, MessageType.Offer, arrival.serverAddress, formatIpv4(address));
  addAddressOptions(reply, subnet.settings, ctx.settings.leaseTimeS);
  addBootFor(ctx, reply, facts, admission.host, arrival);
  return replyDestination(request, reply, facts.maxMessageBytes);
}
