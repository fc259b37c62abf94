import { describe, expect, it } from 'vitest';
import { parseRange } from './byte-range.js';

describe('parseRange', () => {
  it('answers the whole file without a Range header or for another unit', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'full' });
    expect(parseRange('items=0-1', 100)).toEqual({ kind: 'full' });
  });

  it('reads a closed, an open and a suffix range', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'partial', range: { start: 0, end: 9 } });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
  });

  it('clamps an end past the file and a suffix longer than the file', () => {
    expect(parseRange('bytes=50-1000', 100)).toEqual({ kind: 'partial', range: { start: 50, end: 99 } });
    expect(parseRange('bytes=-1000', 100)).toEqual({ kind: 'partial', range: { start: 0, end: 99 } });
  });

  it('refuses a start at or past the end and an empty suffix', () => {
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('ignores malformed values and several ranges (the whole file is a valid answer)', () => {
    for (const header of ['bytes=9-0', 'bytes=a-b', 'bytes=-', 'bytes=1-2,5-6', 'bytes=99999999999999999999-']) {
      expect(parseRange(header, 100), header).toEqual({ kind: 'full' });
    }
  });
});
