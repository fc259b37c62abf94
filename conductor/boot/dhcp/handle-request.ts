import { isoTimestamp } from '../../../core/index.js';
import { addAddressOptions, buildReply, replyDestination, type Outgoing } from './build-reply.js';
import type { DhcpClientFacts } from './dhcp-client-facts.js';
import { MessageType, Option } from './dhcp-constants.js';
import { subnetOf, type Arrival, type DhcpContext } from './dhcp-context.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { addBootFor } from './add-boot-for.js';
import { admitClient } from './admit-client.js';
import { formatIpv4, isInNetwork, parseIpv4 } from './ipv4-address.js';
import type { ServedSubnet } from './served-subnet.js';

/**
 * DHCPREQUEST (RFC 2131 §4.3.2). SELECTING names a server: another server's id means the client took its
 * offer, so ours is withdrawn and nothing is sent. INIT-REBOOT (option 50, no ciaddr) and RENEWING/REBINDING
 * (ciaddr) are checked against the bindings: another client's address gets a NAK, our own binding an ACK.
 */
export async function handleRequest(
  ctx: DhcpContext,
  request: DhcpPacket,
  facts: DhcpClientFacts,
  arrival: Arrival,
): Promise<Outgoing | undefined> {
  const subnet = subnetOf(ctx, request, arrival);
  const selecting = facts.serverId !== undefined;
  const text = selecting || request.ciaddr === '0.0.0.0' ? facts.requestedAddress : request.ciaddr;
  const address = text === undefined ? undefined : parseIpv4(text);
  if (selecting && facts.serverId !== arrival.serverAddress) {
    if (subnet !== undefined && address !== undefined && subnet.pool.at(address)?.state === 'offered')
      subnet.pool.release(address, facts.clientKey);
    return undefined;
  }
  if (subnet === undefined || address === undefined) return undefined;
  if (!isInNetwork(address, subnet.settings.network))
    return nak(request, arrival, facts, 'requested address is not on this network');
  const binding = subnet.pool.at(address);
  if (binding !== undefined && binding.clientKey !== facts.clientKey)
    return nak(request, arrival, facts, 'address is in use');
  // No record of this client: §4.3.2 says stay silent for INIT-REBOOT and RENEWING; a lapsed offer is
  // granted again if its address is still free.
  if (binding === undefined && !selecting) return grantUnrecorded(ctx, request, facts, arrival, subnet, address);
  return acknowledge(ctx, request, facts, arrival, subnet, address);
}

async function grantUnrecorded(
  ctx: DhcpContext,
  request: DhcpPacket,
  facts: DhcpClientFacts,
  arrival: Arrival,
  subnet: ServedSubnet,
  address: number,
): Promise<Outgoing | undefined> {
  // Unless the client is an enrolled port asking for the address it is meant to have: then this server is
  // authoritative (as dnsmasq's dhcp-authoritative), which lets nodes keep their address across lost leases.
  const admission = await admitClient(ctx, facts, subnet);
  if (admission === undefined || admission.dynamic || (admission.fixed !== undefined && admission.fixed !== address))
    return undefined;
  return acknowledge(ctx, request, facts, arrival, subnet, address);
}

async function acknowledge(
  ctx: DhcpContext,
  request: DhcpPacket,
  facts: DhcpClientFacts,
  arrival: Arrival,
  subnet: ServedSubnet,
  address: number,
): Promise<Outgoing | undefined> {
  const admission = await admitClient(ctx, facts, subnet);
  if (admission === undefined) return nak(request, arrival, facts, 'client is not served');
  if (admission.fixed !== undefined && admission.fixed !== address)
    return nak(request, arrival, facts, 'client has a reserved address');
  const leaseMs = ctx.settings.leaseTimeS * 1000;
  const binding = subnet.pool.bind(
    address,
    { clientKey: facts.clientKey, mac: facts.mac, dynamic: admission.dynamic },
    leaseMs,
    facts.hostname,
  );
  if (binding === undefined) return nak(request, arrival, facts, 'address is not available');
  const lease = {
    address: formatIpv4(address),
    mac: facts.mac ?? null,
    client_id: facts.clientKey,
    hostname: facts.hostname ?? null,
    expires_at: isoTimestamp(binding.expiresAtMs),
  };
  try {
    await ctx.leases.put(lease); // persisted before the ACK: an acknowledged lease survives a restart
  } catch (error) {
    ctx.log.error({ err: error, mac: facts.mac, address: lease.address }, 'lease not stored; no DHCPACK sent');
    return undefined;
  }
  const reply = buildReply(request, MessageType.Ack, arrival.serverAddress, lease.address);
  addAddressOptions(reply, subnet.settings, ctx.settings.leaseTimeS);
  addBootFor(ctx, reply, facts, admission.host, arrival);
  ctx.log.debug({ mac: facts.mac, address: lease.address, subnet: subnet.settings.cidr }, 'lease granted');
  return replyDestination(request, reply, facts.maxMessageBytes);
}

function nak(request: DhcpPacket, arrival: Arrival, facts: DhcpClientFacts, why: string): Outgoing {
  const reply = buildReply(request, MessageType.Nak, arrival.serverAddress);
  reply.options.set(Option.Message, Buffer.from(why, 'latin1')); // RFC 2131 §4.3.2: option 56 may say why
  return replyDestination(request, reply, facts.maxMessageBytes);
}
