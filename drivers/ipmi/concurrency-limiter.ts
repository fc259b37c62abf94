/** Runs at most `capacity` tasks at once; the rest wait in arrival order. */
export interface ConcurrencyLimiter {
  /** Runs `task` when a slot is free; rejects with the signal's reason if aborted while waiting. */
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

interface Waiter {
  grant: () => void;
}

/** A FIFO semaphore: BMCs allow few sessions, and ipmitool subprocesses cost CPU. */
export function createConcurrencyLimiter(capacity: number): ConcurrencyLimiter {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`limiter capacity must be a positive integer, got ${capacity}`);
  let active = 0;
  const queue: Waiter[] = [];

  const acquire = (signal: AbortSignal): Promise<void> => {
    signal.throwIfAborted();
    if (active < capacity) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
  };

  const release = (): void => {
    const next = queue.shift();
    if (next)
      next.grant(); // the slot passes straight to the next waiter
    else active -= 1;
  };

  return {
    async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
