import { createHash } from 'node:crypto';
import type { JsonObject } from './json-object.js';

/**
 * Entity tags. DSP0266 §7.9 (ETags): services should return an ETag on GET of a resource and honour If-Match on
 * PATCH/PUT/DELETE. The tag is a hash of the body without its own `@odata.etag`, so it changes exactly when the
 * representation changes.
 */
export function computeEtag(body: JsonObject, weak: boolean): string {
  const { ['@odata.etag']: _ignored, ...rest } = body;
  const hash = createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
  return weak ? `W/"${hash}"` : `"${hash}"`;
}

/** The opaque part of an entity tag: `W/"x"` and `"x"` both give `x`. */
export function opaqueTag(tag: string): string {
  return tag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

/**
 * Whether an If-Match header value matches one of `current` (RFC 9110 §13.1.1: `*` or a list of tags). The
 * comparison ignores the weak marker: BMCs disagree about it (redfish.md §2.3) and clients retry both forms.
 */
export function ifMatchSatisfied(header: string, current: readonly string[]): boolean {
  const wanted = header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
  if (wanted.includes('*')) return current.length > 0;
  const known = new Set(current.map(opaqueTag));
  return wanted.some((tag) => known.has(opaqueTag(tag)));
}
