import { addAddressOptions, buildReply, replyDestination, type Outgoing } from './build-reply.js';
import type { DhcpClientFacts } from './dhcp-client-facts.js';
import { MessageType } from './dhcp-constants.js';
import { subnetOf, type Arrival, type DhcpContext } from './dhcp-context.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { addBootFor } from './add-boot-for.js';
import { admitClient } from './admit-client.js';
import { findSubnet } from './served-subnet.js';

/** DHCPINFORM (RFC 2131 §4.3.5): configuration without a lease, sent to ciaddr (or the relay). */
export async function handleInform(
  ctx: DhcpContext,
  request: DhcpPacket,
  facts: DhcpClientFacts,
  arrival: Arrival,
): Promise<Outgoing | undefined> {
  if (request.ciaddr === '0.0.0.0') return undefined;
  const subnet = subnetOf(ctx, request, arrival) ?? findSubnet(ctx.subnets, request.ciaddr);
  if (subnet === undefined) return undefined;
  const admission = await admitClient(ctx, facts, subnet);
  const reply = buildReply(request, MessageType.Ack, arrival.serverAddress);
  addAddressOptions(reply, subnet.settings, undefined);
  if (admission !== undefined) addBootFor(ctx, reply, facts, admission.host, arrival);
  return replyDestination(request, reply, facts.maxMessageBytes);
}
