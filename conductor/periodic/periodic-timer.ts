import type { Clock, Logger } from '../../core/index.js';

/** Read through a function: the signal changes while a run awaits, which narrowing cannot see. */
function isStopped(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** A periodic task: run, sleep the interval, repeat until stopped. */
export interface PeriodicTimer {
  readonly name: string;
  /** Resolves when the loop ended after `signal` aborted (a run in progress finishes first). */
  readonly done: Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (measured from the end of the previous run, so runs never overlap). A
 * failed run is logged and the loop continues; a run longer than three intervals is warned about, as Ironic does.
 */
export function startPeriodic(name: string, intervalMs: number, run: (signal: AbortSignal) => Promise<void>,
  env: { clock: Clock; log: Logger; signal: AbortSignal }): PeriodicTimer {
  const loop = async (): Promise<void> => {
    while (!env.signal.aborted) {
      const started = env.clock.now();
      try {
        await run(env.signal);
      } catch (error) {
        if (!isStopped(env.signal)) env.log.error({ task: name, err: error }, 'periodic task failed');
      }
      const tookMs = env.clock.now() - started;
      if (tookMs > 3 * intervalMs) env.log.warn({ task: name, tookMs, intervalMs }, 'periodic task took longer than three intervals');
      try {
        await env.clock.sleep(intervalMs, env.signal);
      } catch {
        return; // aborted
      }
    }
  };
  return { name, done: loop() };
}
