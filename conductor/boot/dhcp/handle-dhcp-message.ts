import type { Outgoing } from './build-reply.js';
import { readClientFacts } from './dhcp-client-facts.js';
import { BootpOp, MessageType } from './dhcp-constants.js';
import type { Arrival, DhcpContext } from './dhcp-context.js';
import type { DhcpPacket } from './dhcp-packet.js';
import { handleDiscover } from './handle-discover.js';
import { handleProxy } from './handle-proxy.js';
import { handleDecline } from './handle-decline.js';
import { handleInform } from './handle-inform.js';
import { handleRelease } from './handle-release.js';
import { handleRequest } from './handle-request.js';

/** Relay hops after which a message is dropped (RFC 1542 §4.1.1: at most 16). */
const MAX_HOPS = 16;

/**
 * Answers one parsed message, or decides to stay silent (undefined). Dispatches on option 53
 * (RFC 2132 §9.6); replies (op 2), unknown types and BOOTP without option 53 are ignored.
 */
export async function handleDhcpMessage(
  ctx: DhcpContext,
  request: DhcpPacket,
  arrival: Arrival,
): Promise<Outgoing | undefined> {
  if (request.op !== BootpOp.Request || request.hops > MAX_HOPS || request.chaddr.length === 0) return undefined;
  const facts = readClientFacts(request);
  if (ctx.settings.mode === 'proxy') return handleProxy(ctx, request, facts, arrival);
  if (arrival.port !== 67) return undefined;
  switch (facts.messageType) {
    case MessageType.Discover:
      return handleDiscover(ctx, request, facts, arrival);
    case MessageType.Request:
      return handleRequest(ctx, request, facts, arrival);
    case MessageType.Decline:
      return handleDecline(ctx, request, facts, arrival);
    case MessageType.Release:
      return handleRelease(ctx, request, facts, arrival);
    case MessageType.Inform:
      return handleInform(ctx, request, facts, arrival);
    default:
      return undefined;
  }
}
