import { chooseBootFile } from './boot-file.js';
import { addBootOptions } from './build-reply.js';
import type { DhcpClientFacts } from './dhcp-client-facts.js';
import { resolveBootFiles, type Arrival, type DhcpContext } from './dhcp-context.js';
import type { DhcpHost } from './dhcp-host-reader.js';
import type { DhcpPacket } from './dhcp-packet.js';

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
