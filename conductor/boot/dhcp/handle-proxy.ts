import { chooseBootFile } from './boot-file.js';
import { addBootOptions, buildReply, replyDestination, type Outgoing } from './build-reply.js';
import type { DhcpClientFacts } from './dhcp-client-facts.js';
import { MessageType, Option } from './dhcp-constants.js';
import { resolveBootFiles, type Arrival, type DhcpContext } from './dhcp-context.js';
import type { DhcpPacket } from './dhcp-packet.js';

/** PXE vendor options: PXE_DISCOVERY_CONTROL (6) = 8, "boot the file in this offer, skip boot-server discovery". */
const PXE_VENDOR_OPTIONS = Buffer.from([6, 1, 8, 255]);

/**
 * ProxyDHCP (PXE 2.1 §2.2.2, RFC 4578): answer PXE clients only, with boot information and no address
 * (yiaddr 0), on port 67 to their DISCOVER and on port 4011 to their REQUEST; the site's DHCP server gives
 * the address. Everything else is left alone so the two servers never disagree.
 */
export async function handleProxy(
  ctx: DhcpContext,
  request: DhcpPacket,
  facts: DhcpClientFacts,
  arrival: Arrival,
): Promise<Outgoing | undefined> {
  if (!facts.isPxe && !facts.isIpxe) return undefined;
  const onBootPort = arrival.port !== 67;
  const wanted = onBootPort ? MessageType.Request : MessageType.Discover;
  if (facts.messageType !== wanted) return undefined;
  const host = facts.mac === undefined ? undefined : await ctx.hosts.findHost(facts.mac);
  if (host === undefined && !ctx.settings.allowUnknownClients) return undefined;
  if (host?.pxeEnabled === false) return undefined;
  const choice = chooseBootFile(facts, resolveBootFiles(ctx.settings.boot, arrival.serverAddress));
  if (choice === undefined) return undefined;
  const reply = buildReply(request, onBootPort ? MessageType.Ack : MessageType.Offer, arrival.serverAddress);
  reply.options.set(Option.VendorClass, Buffer.from(facts.isHttpClient ? 'HTTPClient' : 'PXEClient', 'latin1'));
  reply.options.set(Option.VendorSpecific, PXE_VENDOR_OPTIONS);
  const uuid = request.options.get(Option.ClientMachineId);
  if (uuid !== undefined) reply.options.set(Option.ClientMachineId, uuid); // PXE 2.1: echo the client's UUID
  // No 175.176 no-pxedhcp here: in proxy mode iPXE must keep waiting for ProxyDHCP offers, ours included.
  addBootOptions(reply, choice, false);
  if (onBootPort)
    return { packet: reply, address: arrival.sourceAddress, port: arrival.sourcePort, maxBytes: facts.maxMessageBytes };
  return replyDestination(request, reply, facts.maxMessageBytes);
}
