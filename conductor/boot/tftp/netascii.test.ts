import { describe, expect, it } from 'vitest';
import { toNetascii } from './netascii.js';

describe('toNetascii', () => {
  it('turns LF into CR LF and a bare CR into CR NUL (RFC 764)', () => {
    expect(Buffer.from(toNetascii(Buffer.from('a\nb\rc')))).toEqual(Buffer.from('a\r\nb\r\0c'));
  });
  it('returns text without line ends unchanged', () => {
    expect(Buffer.from(toNetascii(Buffer.from('plain')))).toEqual(Buffer.from('plain'));
  });
});
