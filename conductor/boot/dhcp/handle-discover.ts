import { chooseBootFile } from './boot-file.js';
import { addAddressOptions, addBootOptions, buildReply, replyDestination, type Outgoing } from './build-reply.js';
import type { DhcpClientFacts } from './dhcp-client-facts.js';
import { MessageType } from './dhcp-constants.js';
import { resolveBootFiles, subnetOf, type Arrival, type DhcpContext } from './dhcp-context.js';
import type { DhcpHost } from './dhcp-host-reader.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { formatIpv4, isInNetwork, parseIpv4 } from './ipv4-address.js';
import type { ServedSubnet } from './served-subnet.js';

/** Who the client is to the pool: an enrolled port (maybe with a reservation) or an unknown machine. */
export interface Admission {
  host: DhcpHost | undefined;
  dynamic: boolean;
  fixed: number | undefined;
}

/** Looks the MAC up; undefined when unknown clients are not served (RFC 2131 §4.3.1 lets a server stay silent). */
export async function admit(
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

/** DHCPDISCOVER (RFC 2131 §4.3.1): reserve an address for a while and offer it, with boot options for PXE. */
export async function handleDiscover(
  ctx: DhcpContext,
  request: DhcpPacket,
  facts: DhcpClientFacts,
  arrival: Arrival,
): Promise<Outgoing | undefined> {
  const subnet = subnetOf(ctx, request, arrival);
  if (subnet === undefined) return undefined;
  const admission = await admit(ctx, facts, subnet);
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

/** Boot options for PXE, HTTP-boot and iPXE clients, unless their port has pxe_enabled = false. */
export function addBootFor(
  ctx: DhcpContext,
  reply: DhcpPacket,
  facts: DhcpClientFacts,
  host: DhcpHost | undefined,
  arrival: Arrival,
): void {
  if (host?.pxeEnabled === false) return;
  const choice = chooseBootFile(facts, resolveBootFiles(ctx.settings.boot, arrival.serverAddress));
  if (choice !== undefined) addBootOptions(reply, choice, facts.isIpxe);
}
