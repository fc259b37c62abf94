import type { Clock } from '../../../core/index.js';

/** Admits at most `perSecond` events per second with bursts of `perSecond` (a token bucket). */
export interface RateLimiter {
  /** True, and one token spent, when the event may go ahead. */
  tryTake(): boolean;
}

/** A token bucket driven by `clock`, so tests never sleep. */
export function createRateLimiter(perSecond: number, clock: Clock): RateLimiter {
  let tokens = perSecond;
  let refilledAtMs = clock.now();
  return {
    tryTake() {
      const now = clock.now();
      tokens = Math.min(perSecond, tokens + ((now - refilledAtMs) * perSecond) / 1000);
      refilledAtMs = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
