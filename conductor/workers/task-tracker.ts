import { TemporaryFailure, type Logger } from '../../core/index.js';

/**
 * Runs background work (what continues after the API got its 202), tracks it for graceful shutdown and
 * aborts it through one AbortSignal when shutdown's patience runs out.
 */
export interface TaskTracker {
  /** Starts `work`; throws TemporaryFailure once shutdown began. `work` must handle its own errors. */
  spawn(name: string, work: (signal: AbortSignal) => Promise<void>): void;
  /** False once shutdown began: callers refuse new operations before changing anything. */
  isAccepting(): boolean;
  /** Number of running tasks. */
  active(): number;
  /** Resolves when nothing runs (tests and drains). */
  idle(): Promise<void>;
  /** Stops accepting work, waits up to `graceMs` for running work, then aborts it and waits for it to unwind. */
  shutdown(graceMs: number, wait: (ms: number, signal: AbortSignal) => Promise<void>): Promise<void>;
}

/** The task tracker of one conductor process. */
export function createTaskTracker(log: Logger): TaskTracker {
  const running = new Set<Promise<void>>();
  const controller = new AbortController();
  let accepting = true;
  const idle = async (): Promise<void> => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
  return {
    spawn(name, work) {
      if (!accepting) throw new TemporaryFailure('The conductor is shutting down and accepts no new work; retry on another conductor.');
      const promise = work(controller.signal)
        .catch((error: unknown) => log.error({ task: name, err: error }, 'background task failed'))
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    isAccepting: () => accepting,
    active: () => running.size,
    idle,
    async shutdown(graceMs, wait) {
      accepting = false;
      const timedOut = Symbol('timeout');
      const patience = new AbortController(); // cancels the grace timer once work ends, so it cannot hold the process
      const winner = await Promise.race([
        idle().then(() => undefined),
        wait(graceMs, patience.signal).then(() => timedOut, () => undefined),
      ]);
      patience.abort();
      if (winner === timedOut) {
        log.warn({ tasks: running.size }, 'graceful shutdown timeout reached; aborting running tasks');
        controller.abort(new TemporaryFailure('The conductor is shutting down.'));
        await idle();
      }
    },
  };
}
