// The table the power-sync benchmark prints (issue #3): Ferro's conductor passes beside the ipmitool sweep.
import type { IpmitoolSweep } from './ipmitool-sweep.js';
import type { SweepRecord } from './power-sync-sweep.js';

/** One measured conductor pass with its label. */
export interface LabelledSweep {
  label: string;
  sweep: SweepRecord;
}

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Markdown table: wall time, nodes/s, CPU per 1,000 BMCs and ratios against ipmitool, for `bmcs` BMCs. */
export function powerSyncTable(bmcs: number, ferro: readonly LabelledSweep[], ipmitool: IpmitoolSweep): string {
  const extrapolated = ipmitool.bmcs < bmcs;
  const ipmitoolSeconds = (ipmitool.seconds * bmcs) / ipmitool.bmcs;
  const ipmitoolCpuPer1000 = (ipmitool.cpuSeconds * 1000) / ipmitool.bmcs;
  const lines = [
    `| sweep of ${bmcs} BMCs | wall (s) | nodes/s | CPU s per 1,000 BMCs (client) | responder CPU s per 1,000 | ipmitool / Ferro, wall | ipmitool / Ferro, CPU |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { label, sweep } of ferro) {
    const seconds = sweep.durationMs / 1000;
    const cpuPer1000 = (sweep.conductorCpuSeconds * 1000) / sweep.checked;
    lines.push(
      `| ${label} | ${fmt(seconds)} | ${fmt(sweep.checked / seconds, 0)} | ${fmt(cpuPer1000, 2)} | ` +
        `${fmt((sweep.responderCpuSeconds * 1000) / sweep.checked, 2)} | ${fmt(ipmitoolSeconds / seconds)}x | ${fmt(ipmitoolCpuPer1000 / cpuPer1000)}x |`,
    );
  }
  const label = extrapolated
    ? `ipmitool subprocesses, 8 at once (measured on ${ipmitool.bmcs}, extrapolated to ${bmcs})`
    : 'ipmitool subprocesses, 8 at once (measured)';
  lines.push(
    `| ${label} | ${fmt(ipmitoolSeconds)}${extrapolated ? ' (extrapolated)' : ''} | ${fmt(ipmitool.bmcs / ipmitool.seconds, 0)} | ` +
      `${fmt(ipmitoolCpuPer1000, 2)} | n/a | 1.0x | 1.0x |`,
  );
  return lines.join('\n');
}

/** One line per pass: what the conductor logged. */
export function describeSweep(sweep: SweepRecord): string {
  return (
    `${fmt(sweep.durationMs / 1000, 2)} s, checked ${sweep.checked}, in sync ${sweep.inSync}, changed ${sweep.changed}, ` +
    `failed ${sweep.failed}, maintenance ${sweep.maintenance}, skipped ${sweep.skipped}; conductor CPU ${fmt(sweep.conductorCpuSeconds, 2)} s, ` +
    `responder CPU ${fmt(sweep.responderCpuSeconds, 2)} s`
  );
}
