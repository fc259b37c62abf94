import type { JsonObject } from '../../core/index.js';
import type { RedfishClient, RedfishResponse, RequestContext } from './redfish-client.js';
import { hasHttpStatus } from './redfish-failure.js';

/**
 * PATCHes with `If-Match` (DSP0266 §6.5) and sushy's fallbacks for BMCs that mishandle ETags
 * (sushy connector `_etag_handler`): on 412 a weak tag `W/"x"` is retried as the strong `"x"`, then the PATCH
 * is sent once without `If-Match`; only that last failure is reported. An empty tag is never sent.
 */
export async function patchWithEtag(
  client: RedfishClient, path: string, body: JsonObject, etag: string | undefined, ctx: RequestContext,
): Promise<RedfishResponse> {
  const tags = etagAttempts(etag);
  for (const [index, tag] of tags.entries()) {
    try {
      return await client.send('PATCH', path, { body, ...(tag !== undefined ? { headers: { 'If-Match': tag } } : {}) }, ctx);
    } catch (error) {
      const last = index === tags.length - 1;
      if (last || !hasHttpStatus(error, 412)) throw error;
      ctx.log?.warn({ bmc: client.origin, path, etag: tag }, 'redfish PATCH precondition failed; retrying with a relaxed If-Match');
    }
  }
  throw new Error('unreachable: etagAttempts returns at least one attempt');
}

/** The If-Match values to try in order; `undefined` means "no If-Match". */
export function etagAttempts(etag: string | undefined): (string | undefined)[] {
  if (etag === undefined || etag.trim() === '') return [undefined];
  const weak = /^W\/(".*")$/.exec(etag.trim());
  return weak?.[1] !== undefined ? [etag, weak[1], undefined] : [etag, undefined];
}
