import { describe, expect, it } from 'vitest';
import { computeEtag, ifMatchSatisfied, opaqueTag } from './etag.js';

describe('computeEtag', () => {
  it('changes with the body and ignores the body’s own @odata.etag', () => {
    const tag = computeEtag({ PowerState: 'On' }, false);
    expect(computeEtag({ PowerState: 'On', '@odata.etag': 'W/"old"' }, false)).toBe(tag);
    expect(computeEtag({ PowerState: 'Off' }, false)).not.toBe(tag);
    expect(tag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(computeEtag({ PowerState: 'On' }, true)).toBe(`W/${tag}`);
  });
});

describe('ifMatchSatisfied', () => {
  it('matches the tag in weak or strong form, a list, or *', () => {
    expect(ifMatchSatisfied('"abc"', ['W/"abc"'])).toBe(true);
    expect(ifMatchSatisfied('W/"abc"', ['"abc"'])).toBe(true);
    expect(ifMatchSatisfied('"x", "abc"', ['"abc"'])).toBe(true);
    expect(ifMatchSatisfied('*', ['"abc"'])).toBe(true);
    expect(ifMatchSatisfied('"nope"', ['"abc"'])).toBe(false);
    expect(opaqueTag(' W/"abc" ')).toBe('abc');
  });
});
