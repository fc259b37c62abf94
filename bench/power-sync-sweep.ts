// Reads the conductor's power-sync passes from its log: every pass ends with one JSON line
// `power sync finished` (conductor/periodic/start-conductor.ts) carrying the pass summary and its duration.
import type { PowerSyncSummary } from '../conductor/periodic/index.js';
import type { ConductorProcess } from '../test/support/conductor-process.js';
import type { CpuTimeline } from './power-sync-process-stats.js';

/** One power-sync pass as the conductor logged it (its PowerSyncSummary), with the CPU both processes used meanwhile. */
export interface SweepRecord extends PowerSyncSummary {
  workers: number;
  /** Wall-clock end of the pass (pino's `time`, ms since the epoch). */
  endedAtMs: number;
  conductorCpuSeconds: number;
  responderCpuSeconds: number;
}

/** Hands out the conductor's power-sync passes in order, each once. */
export interface SweepWatcher {
  /** The next pass not handed out yet; waits for it at most `timeoutMs`. */
  next(timeoutMs: number): Promise<SweepRecord>;
}

const MARKER = '"msg":"power sync finished"';

/** Watches `conductor`'s output; CPU figures come from the two background samplers. */
export function watchSweeps(
  conductor: ConductorProcess,
  conductorCpu: CpuTimeline,
  responderCpu: CpuTimeline,
): SweepWatcher {
  let consumed = 0;
  const passes = (): string[] =>
    conductor
      .output()
      .split('\n')
      .filter((line) => line.includes(MARKER));
  return {
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const line = passes()[consumed];
        if (line !== undefined) {
          consumed += 1;
          await new Promise((r) => setTimeout(r, 250)); // let the CPU samplers pass the end of the pass
          return toRecord(JSON.parse(line) as Record<string, number>, conductorCpu, responderCpu);
        }
        if (conductor.child.exitCode !== null) throw new Error(`conductor exited:\n${conductor.output().slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no power sync pass finished within ${timeoutMs / 1000} s`);
    },
  };
}

function toRecord(entry: Record<string, number>, conductorCpu: CpuTimeline, responderCpu: CpuTimeline): SweepRecord {
  const endedAtMs = entry['time'] ?? Date.now();
  const durationMs = entry['durationMs'] ?? 0;
  const startedAtMs = endedAtMs - durationMs;
  return {
    checked: entry['checked'] ?? 0,
    inSync: entry['inSync'] ?? 0,
    changed: entry['changed'] ?? 0,
    failed: entry['failed'] ?? 0,
    maintenance: entry['maintenance'] ?? 0,
    skipped: entry['skipped'] ?? 0,
    durationMs,
    workers: entry['workers'] ?? 0,
    endedAtMs,
    conductorCpuSeconds: conductorCpu.between(startedAtMs, endedAtMs),
    responderCpuSeconds: responderCpu.between(startedAtMs, endedAtMs),
  };
}
