import type { DhcpContext } from './dhcp-context.js';

/** Removes a lease from the store; a failure is logged, the binding is gone from memory either way. */
export async function forgetLease(ctx: DhcpContext, address: string): Promise<void> {
  try {
    await ctx.leases.delete(address);
  } catch (error) {
    // The in-memory binding is gone already; the stored row expires on its own and is swept later.
    ctx.log.warn({ err: error, address }, 'released lease not removed from the store');
  }
}
