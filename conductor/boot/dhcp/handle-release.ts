import { addAddressOptions, buildReply, replyDestination, type Outgoing } from './build-reply.js';
import type { DhcpClientFacts } from './dhcp-client-facts.js';
import { MessageType } from './dhcp-constants.js';
import { subnetOf, type Arrival, type DhcpContext } from './dhcp-context.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { addBootFor, admit } from './handle-discover.js';
import { findSubnet } from './served-subnet.js';
import { parseIpv4 } from './ipv4-address.js';

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
  await forget(ctx, request.ciaddr);
  ctx.log.debug({ mac: facts.mac, address: request.ciaddr }, 'lease released');
  return undefined;
}

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
  await forget(ctx, facts.requestedAddress);
  ctx.log.warn({ mac: facts.mac, address: facts.requestedAddress }, 'address declined by client; quarantined');
  return undefined;
}

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
  const admission = await admit(ctx, facts, subnet);
  const reply = buildReply(request, MessageType.Ack, arrival.serverAddress);
  addAddressOptions(reply, subnet.settings, undefined);
  if (admission !== undefined) addBootFor(ctx, reply, facts, admission.host, arrival);
  return replyDestination(request, reply, facts.maxMessageBytes);
}

async function forget(ctx: DhcpContext, address: string): Promise<void> {
  try {
    await ctx.leases.delete(address);
  } catch (error) {
    // The in-memory binding is gone already; the stored row expires on its own and is swept later.
    ctx.log.warn({ err: error, address }, 'released lease not removed from the store');
  }
}
