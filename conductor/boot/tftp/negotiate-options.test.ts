import { describe, expect, it } from 'vitest';
import { negotiateOptions } from './negotiate-options.js';

const limits = { blksizeMax: 1468, windowsizeMax: 16, timeoutMs: 1000 };
const ask = (options: Record<string, string>, size = 1234) =>
  negotiateOptions(new Map(Object.entries(options)), size, limits);

describe('negotiateOptions', () => {
  it('uses RFC 1350 defaults and sends no OACK when nothing is asked', () => {
    expect(ask({})).toEqual({ blksize: 512, windowsize: 1, timeoutMs: 1000, oack: new Map() });
  });

  it('grants blksize, windowsize, timeout and answers tsize with the file size', () => {
    const result = ask({ blksize: '1024', windowsize: '8', timeout: '3', tsize: '0' });
    expect(result).toMatchObject({ blksize: 1024, windowsize: 8, timeoutMs: 3000 });
    expect([...result.oack]).toEqual([
      ['blksize', '1024'],
      ['windowsize', '8'],
      ['timeout', '3'],
      ['tsize', '1234'],
    ]);
  });

  it('caps blksize and windowsize at the configured limits (RFC 2348 §2, RFC 7440 §3)', () => {
    const result = ask({ blksize: '65464', windowsize: '64' });
    expect(result).toMatchObject({ blksize: 1468, windowsize: 16 });
    expect(result.oack.get('blksize')).toBe('1468');
  });

  it('leaves invalid and unknown options out of the OACK', () => {
    const result = ask({ blksize: '7', windowsize: '0', timeout: '256', tsize: 'x', multicast: '', rollover: '0' });
    expect(result.oack.size).toBe(0);
    expect(result.blksize).toBe(512);
  });
});
