import type { Clock } from '../../../core/index.js';
import { createExpiryHeap } from './expiry-heap.js';
import type { Ipv4Number } from './ipv4-address.js';

/** An address held for a client: offered (tentative, RFC 2131 §4.3.1), bound (a lease), or declined. */
export interface Binding {
  readonly address: Ipv4Number;
  readonly clientKey: string;
  readonly mac: string | undefined;
  state: 'offered' | 'bound' | 'declined';
  expiresAtMs: number;
  /** Counted against the dynamic-lease limit: the client is not an enrolled port. */
  readonly dynamic: boolean;
  hostname: string | undefined;
}

/** Who asks for an address, and what it would like. */
export interface OfferRequest {
  clientKey: string;
  mac: string | undefined;
  dynamic: boolean;
  /** A reservation: this address or none. */
  fixed?: Ipv4Number | undefined;
  /** Option 50, honoured when free (RFC 2131 §4.3.1). */
  requested?: Ipv4Number | undefined;
  holdMs: number;
  /** Asked only before a new dynamic binding is made; false refuses it as 'limit' (the new-client rate). */
  admitNew?: (() => boolean) | undefined;
}

/** The addresses of one subnet's range and who holds them. */
export interface LeasePool {
  /** Reserves an address for an offer, or says why none: the range is used up, or the dynamic limit is hit. */
  offer(request: OfferRequest): Ipv4Number | 'exhausted' | 'limit';
  /** Turns an offer (or a lease being renewed) into a lease; undefined when another client holds the address. */
  bind(
    address: Ipv4Number,
    request: Omit<OfferRequest, 'holdMs'>,
    leaseMs: number,
    hostname?: string,
  ): Binding | undefined;
  /** The live binding at an address. */
  at(address: Ipv4Number): Binding | undefined;
  /** Drops the client's binding at `address` (RELEASE, a declined offer); false when it is not the client's. */
  release(address: Ipv4Number, clientKey: string): boolean;
  /** Keeps a declined address out of use for `holdMs` (RFC 2131 §4.3.3). */
  quarantine(address: Ipv4Number, holdMs: number): void;
  /** Live dynamic bindings (offers included). */
  readonly dynamicCount: number;
}

/** The range [first, last] of one subnet, minus `excluded`, with at most `maxDynamic` dynamic bindings. */
export interface PoolRange {
  first: Ipv4Number;
  last: Ipv4Number;
  excluded: ReadonlySet<Ipv4Number>;
  maxDynamic: number;
}

/**
 * A lease pool with O(log n) allocation: never-used addresses come from a cursor, returned ones from a stack,
 * and expiries from a min-heap, so the cost per request does not grow with the leases held (npm.md §2 shows
 * node-dhcp and dnsmasq slowing ~6-10x from 0 to 20,000 leases because they scan).
 */
export function createLeasePool(range: PoolRange, clock: Clock): LeasePool {
  const byAddress = new Map<Ipv4Number, Binding>();
  const lastAddress = new Map<string, Ipv4Number>();
  const returned: Ipv4Number[] = [];
  const expiries = createExpiryHeap();
  let cursor = range.first;
  let dynamicCount = 0;

  const remove = (b: Binding, recycle = true): void => {
    byAddress.delete(b.address);
    if (b.dynamic && b.state !== 'declined') dynamicCount -= 1;
    if (recycle && b.address >= range.first && b.address <= range.last) returned.push(b.address);
  };
  const live = (address: Ipv4Number): Binding | undefined => {
    const b = byAddress.get(address);
    if (b === undefined || b.expiresAtMs > clock.now()) return b;
    remove(b);
    return undefined;
  };
  const reclaimExpired = (): void => {
    const now = clock.now();
    for (let top = expiries.peek(); top !== undefined && top.atMs <= now; top = expiries.peek()) {
      expiries.pop();
      const b = byAddress.get(top.key);
      if (b !== undefined && b.expiresAtMs <= now) remove(b);
    }
  };
  const usable = (address: Ipv4Number | undefined, clientKey: string): address is Ipv4Number => {
    if (address === undefined || range.excluded.has(address)) return false;
    const b = live(address);
    return b === undefined || (b.clientKey === clientKey && b.state !== 'declined');
  };
  const inRange = (a: Ipv4Number | undefined): a is Ipv4Number =>
    a !== undefined && a >= range.first && a <= range.last;
  const nextFree = (clientKey: string): Ipv4Number | undefined => {
    while (returned.length > 0) {
      const a = returned.pop();
      if (usable(a, clientKey)) return a;
    }
    for (; cursor <= range.last; cursor++) if (usable(cursor, clientKey)) return cursor++;
    return undefined;
  };
  const hold = (address: Ipv4Number, r: Omit<OfferRequest, 'holdMs'>, state: Binding['state'], ms: number): Binding => {
    const existing = byAddress.get(address);
    if (existing !== undefined && existing.clientKey === r.clientKey && existing.state !== 'declined') {
      if (existing.state === 'bound' && state === 'offered') return existing; // a re-DISCOVER keeps the lease
      existing.state = state;
      existing.expiresAtMs = clock.now() + ms;
      expiries.push({ atMs: existing.expiresAtMs, key: address });
      return existing;
    }
    if (existing !== undefined) remove(existing, false);
    const b: Binding = {
      address,
      clientKey: r.clientKey,
      mac: r.mac,
      state,
      expiresAtMs: clock.now() + ms,
      dynamic: r.dynamic,
      hostname: undefined,
    };
    byAddress.set(address, b);
    if (b.dynamic && state !== 'declined') dynamicCount += 1;
    if (state !== 'declined') lastAddress.set(r.clientKey, address);
    expiries.push({ atMs: b.expiresAtMs, key: address });
    return b;
  };

  return {
    offer(request) {
      reclaimExpired();
      if (request.fixed !== undefined)
        return usable(request.fixed, request.clientKey)
          ? hold(request.fixed, request, 'offered', request.holdMs).address
          : 'exhausted';
      const previous = lastAddress.get(request.clientKey);
      const mine = previous === undefined ? undefined : live(previous);
      if (mine !== undefined && mine.clientKey === request.clientKey && mine.state !== 'declined') {
        if (mine.state === 'offered') hold(mine.address, request, 'offered', request.holdMs);
        return mine.address;
      }
      if (request.dynamic && dynamicCount >= range.maxDynamic) return 'limit';
      if (request.dynamic && request.admitNew !== undefined && !request.admitNew()) return 'limit';
      const choice =
        [previous, request.requested].find((a) => inRange(a) && usable(a, request.clientKey)) ??
        nextFree(request.clientKey);
      return choice === undefined ? 'exhausted' : hold(choice, request, 'offered', request.holdMs).address;
    },
    bind(address, request, leaseMs, hostname) {
      if (range.excluded.has(address)) return undefined;
      const b = live(address);
      if (b !== undefined && (b.clientKey !== request.clientKey || b.state === 'declined')) return undefined;
      if (b === undefined && request.dynamic && dynamicCount >= range.maxDynamic) return undefined;
      const bound = hold(address, request, 'bound', leaseMs);
      bound.hostname = hostname;
      return bound;
    },
    at: live,
    release(address, clientKey) {
      const b = live(address);
      if (b === undefined || b.clientKey !== clientKey || b.state === 'declined') return false;
      remove(b);
      return true;
    },
    quarantine(address, holdMs) {
      hold(address, { clientKey: '', mac: undefined, dynamic: false }, 'declined', holdMs);
    },
    get dynamicCount() {
      return dynamicCount;
    },
  };
}
