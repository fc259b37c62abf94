import type { Clock } from '../../core/index.js';

/** Options of waitFor. */
export interface WaitForOptions {
  timeoutMs: number;
  intervalMs: number;
  signal: AbortSignal;
}

/**
 * Polls `check` through the clock until it returns true (resolves true) or `timeoutMs` passes (false).
 * The check runs at least once; errors from it propagate.
 */
export async function waitFor(clock: Clock, check: () => Promise<boolean>, options: WaitForOptions): Promise<boolean> {
  const deadline = clock.now() + options.timeoutMs;
  for (;;) {
    options.signal.throwIfAborted();
    if (await check()) return true;
    const left = deadline - clock.now();
    if (left <= 0) return false;
    await clock.sleep(Math.min(options.intervalMs, left), options.signal);
  }
}
