import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { createTaskTracker } from './task-tracker.js';

describe('TaskTracker', () => {
  it('lets running work finish within the grace period, then refuses new work', async () => {
    const clock = new ManualClock();
    const tasks = createTaskTracker(silentLogger);
    let finished = false;
    tasks.spawn('slow', async (signal) => { await clock.sleep(5_000, signal); finished = true; });
    const stopping = tasks.shutdown(60_000, (ms, signal) => clock.sleep(ms, signal));
    expect(() => tasks.spawn('late', () => Promise.resolve())).toThrow(/shutting down/);
    await clock.advance(5_000);
    await stopping;
    expect(finished).toBe(true);
    expect(clock.pending()).toBe(0); // the grace timer was cancelled
  });

  it('aborts work that outlives the grace period', async () => {
    const clock = new ManualClock();
    const tasks = createTaskTracker(silentLogger);
    let aborted = false;
    tasks.spawn('stuck', async (signal) => { await clock.sleep(3_600_000, signal).catch(() => { aborted = true; }); });
    const stopping = tasks.shutdown(10_000, (ms, signal) => clock.sleep(ms, signal));
    await clock.advance(10_000);
    await stopping;
    expect(aborted).toBe(true);
    expect(tasks.active()).toBe(0);
  });
});
