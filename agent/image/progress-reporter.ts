const MIB = 1024 * 1024;

/** What progress knows at one moment. */
export interface ProgressSnapshot {
  /** Logical bytes of the disk handled (written or skipped). */
  doneBytes: number;
  /** Logical size when known (raw Content-Length, qcow2 virtual size); undefined for compressed streams. */
  totalBytes: number | undefined;
  /** Share of the download received, used for the percentage when the logical size is unknown. */
  downloadedFraction: number | undefined;
}

/**
 * Calls `report` with `write_image: <MiB done> of <MiB total> MiB (<pct>%), <MB/s>` at most once per
 * interval (the agent sends the latest message with its next heartbeat, so more often is wasted work).
 */
export function createProgressReporter(report: (message: string) => void, now: () => number, intervalMs: number): (snapshot: ProgressSnapshot, force?: boolean) => void {
  const started = now();
  let last = -Infinity;
  return (snapshot, force = false) => {
    const at = now();
    if (!force && at - last < intervalMs) return;
    last = at;
    report(formatProgress(snapshot, (at - started) / 1000));
  };
}

/** The message text; MB/s is decimal megabytes of the logical image per second, as dd prints it. */
export function formatProgress(snapshot: ProgressSnapshot, seconds: number): string {
  const done = Math.floor(snapshot.doneBytes / MIB);
  const total = snapshot.totalBytes === undefined ? '?' : String(Math.ceil(snapshot.totalBytes / MIB));
  const fraction = snapshot.totalBytes !== undefined && snapshot.totalBytes > 0 ? snapshot.doneBytes / snapshot.totalBytes : snapshot.downloadedFraction;
  const pct = fraction === undefined ? '?' : String(Math.min(100, Math.floor(fraction * 100)));
  const rate = seconds > 0 ? (snapshot.doneBytes / 1e6 / seconds).toFixed(1) : '0.0';
  return `write_image: ${done} of ${total} MiB (${pct}%), ${rate} MB/s`;
}
