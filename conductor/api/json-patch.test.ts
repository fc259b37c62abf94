import { describe, expect, it } from 'vitest';
import { applyPatch, decodePointer, parsePatch } from './json-patch.js';

describe('json-patch', () => {
  it('decodes ~1 before ~0 (RFC 6901)', () => {
    expect(decodePointer('/a~1b/c~0d/~01')).toEqual(['a/b', 'c~d', '~1']);
  });

  it('applies add/replace/remove to a copy and leaves the input alone', () => {
    const doc = { extra: { a: 1 }, list: [1, 2] };
    const out = applyPatch(doc, parsePatch([
      { op: 'add', path: '/extra/b', value: 2 }, { op: 'replace', path: '/extra/a', value: 3 },
      { op: 'add', path: '/list/-', value: 9 }, { op: 'remove', path: '/list/0' },
    ]));
    expect(out).toEqual({ extra: { a: 3, b: 2 }, list: [2, 9] });
    expect(doc).toEqual({ extra: { a: 1 }, list: [1, 2] });
  });

  it('explains failures the way Ironic does', () => {
    expect(() => applyPatch({ extra: {} }, parsePatch([{ op: 'replace', path: '/extra/x', value: 1 }])))
      .toThrow("Couldn't apply patch '{'op': 'replace', 'path': '/extra/x', 'value': 1}'. Reason: can't replace a non-existent object 'x'");
    expect(() => applyPatch({ extra: {} }, parsePatch([{ op: 'add', path: '/extra/x/y', value: 1 }]))).toThrow("member 'x' not found in {}");
    expect(() => parsePatch([])).toThrow('Schema error for patch: [] is too short');
    expect(() => parsePatch([{ op: 'add', path: '/a b', value: 1 }])).toThrow('does not match');
  });
});
