import { describe, expect, it } from 'vitest';
import { createProgressReporter, formatProgress } from './progress-reporter.js';

const MIB = 1024 * 1024;

describe('progress reporter', () => {
  it('formats MiB done of total, percent and MB/s', () => {
    expect(formatProgress({ doneBytes: 412 * MIB, totalBytes: 2048 * MIB, downloadedFraction: undefined }, 2))
      .toBe('write_image: 412 of 2048 MiB (20%), 216.0 MB/s');
    expect(formatProgress({ doneBytes: 10 * MIB, totalBytes: undefined, downloadedFraction: 0.5 }, 1))
      .toBe('write_image: 10 of ? MiB (50%), 10.5 MB/s');
  });

  it('reports at most once per interval unless forced', () => {
    let now = 0;
    const messages: string[] = [];
    const report = createProgressReporter((m) => messages.push(m), () => now, 1000);
    const snapshot = { doneBytes: MIB, totalBytes: 2 * MIB, downloadedFraction: undefined };
    report(snapshot);
    now = 999;
    report(snapshot);
    now = 1000;
    report(snapshot);
    now = 1001;
    report(snapshot, true);
    expect(messages).toHaveLength(3);
  });
});
