// Per-process figures from /proc for the power-sync benchmark: CPU seconds, open sockets, and a CPU timeline
// sampled in the background so a sweep's CPU can be read for any time window after the fact.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function statFields(pid: number | 'self'): string[] {
  // Fields after the command name, which may contain spaces: state is field 3 of stat(5), index 0 here.
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
}

/** User + system CPU seconds of process `pid`. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime: fields 14 and 15
}

/** CPU seconds of this process's waited-for children (cutime + cstime): ipmitool subprocesses. */
export function childrenCpuSeconds(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND; // fields 16 and 17
}

/** Open file descriptors of `pid`, and how many of them are sockets. */
export function openDescriptors(pid: number): { total: number; sockets: number } {
  const entries = readdirSync(`/proc/${pid}/fd`);
  let sockets = 0;
  for (const fd of entries) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets += 1;
    } catch {
      // closed while we looked
    }
  }
  return { total: entries.length, sockets };
}

/** A background sampler of one process's CPU seconds (every `periodMs`) and its peak descriptor count. */
export interface CpuTimeline {
  /** CPU seconds used between two wall-clock times (ms since the epoch), interpolated between samples. */
  between(fromMs: number, toMs: number): number;
  peakDescriptors(): { total: number; sockets: number };
  stop(): void;
}

/** Starts sampling `pid`; descriptors are counted every tenth sample (readlink of every fd is not free). */
export function sampleCpu(pid: number, periodMs = 100): CpuTimeline {
  const samples: Array<[number, number]> = [];
  let peak = { total: 0, sockets: 0 };
  let tick = 0;
  const take = (): void => {
    try {
      samples.push([Date.now(), cpuSeconds(pid)]);
      if (tick++ % 10 === 0) {
        const now = openDescriptors(pid);
        if (now.total > peak.total) peak = now;
      }
    } catch {
      // the process exited; the timeline keeps what it has
    }
  };
  take();
  const timer = setInterval(take, periodMs);
  const at = (ms: number): number => {
    const after = samples.findIndex(([t]) => t >= ms);
    if (after <= 0) return samples[after === 0 ? 0 : samples.length - 1]?.[1] ?? 0;
    const [t0, c0] = samples[after - 1] ?? [ms, 0];
    const [t1, c1] = samples[after] ?? [ms, 0];
    return t1 === t0 ? c1 : c0 + ((c1 - c0) * (ms - t0)) / (t1 - t0);
  };
  return {
    between: (fromMs, toMs) => at(toMs) - at(fromMs),
    peakDescriptors: () => peak,
    stop: () => clearInterval(timer),
  };
}
