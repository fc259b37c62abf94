import { isoTimestamp } from '../../../core/index.js';
import type { DhcpContext } from './dhcp-context.js';
import { parseIpv4 } from './ipv4-address.js';
import { findSubnet } from './served-subnet.js';

/**
 * Puts the stored, unexpired leases back into the pools (RFC 2131 §4.3: bindings survive restarts) and drops
 * expired ones. Leases of enrolled ports are always restored; those of unknown clients count toward
 * maxDynamicLeases again, and any beyond it (the limit was lowered) are left to expire, as are leases
 * outside every configured subnet (the config changed).
 */
export async function restoreLeases(ctx: DhcpContext): Promise<number> {
  const now = ctx.clock.now();
  await ctx.leases.deleteExpired(isoTimestamp(now));
  let restored = 0;
  const leases = await ctx.leases.list();
  for (const lease of leases) {
    const remainingMs = Date.parse(lease.expires_at) - now;
    const subnet = findSubnet(ctx.subnets, lease.address);
    const address = parseIpv4(lease.address);
    if (subnet === undefined || address === undefined || !(remainingMs > 0)) continue;
    const known = lease.mac !== null && (await ctx.hosts.findHost(lease.mac)) !== undefined;
    const client = { clientKey: lease.client_id, mac: lease.mac ?? undefined, dynamic: !known };
    if (subnet.pool.bind(address, client, remainingMs, lease.hostname ?? undefined) !== undefined) restored += 1;
  }
  ctx.log.info({ restored, stored: leases.length }, 'dhcp leases restored');
  return restored;
}
