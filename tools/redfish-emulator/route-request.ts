import { authenticate } from './authenticate.js';
import { busyError } from './busy-reply.js';
import { handleDelete } from './handle-delete.js';
import { handleGet } from './handle-get.js';
import { handlePatch } from './handle-patch.js';
import { handlePost } from './handle-post.js';
import { linkAt, objectAt } from './json-object.js';
import { SERVICE_ROOT } from './odata-path.js';
import { RedfishError, redfishError } from './redfish-error.js';
import type { Reply, RequestContext } from './reply.js';

/** URIs every client may read without credentials (DSP0266 §13.3.1: service root, `$metadata`, OData document). */
const PUBLIC_READS = new Set(['/redfish', SERVICE_ROOT, `${SERVICE_ROOT}/odata`, `${SERVICE_ROOT}/$metadata`]);
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * One request, start to end: the busy switch first (a busy BMC answers before it checks anything), then
 * authentication (except for the public reads and the session login POST), then the method handler. Every
 * failure becomes a Redfish error reply.
 */
export async function routeRequest(ctx: RequestContext): Promise<Reply> {
  try {
    const busy = busyError(ctx.state, ctx.method);
    if (busy !== undefined) throw busy;
    if (!isPublic(ctx)) {
      const denied = authenticate(ctx.state, ctx.headers);
      if (denied !== undefined) throw denied;
    }
    return await dispatch(ctx);
  } catch (error) {
    if (error instanceof RedfishError) return errorReply(error);
    const failure = redfishError(500, 'GeneralError');
    return {
      ...errorReply(failure),
      body: { ...failure.toBody(), detail: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** The reply for a RedfishError: its status, error body and extra headers. */
export function errorReply(error: RedfishError): Reply {
  return { status: error.status, body: error.toBody(), headers: error.headers };
}

function isPublic(ctx: RequestContext): boolean {
  if ((ctx.method === 'GET' || ctx.method === 'HEAD') && PUBLIC_READS.has(ctx.key ?? ctx.path)) return true;
  if (ctx.method !== 'POST') return false;
  const root = ctx.state.store.get(SERVICE_ROOT);
  const sessions = linkAt(objectAt(root, 'Links'), 'Sessions');
  return sessions !== undefined && ctx.key !== undefined && ctx.state.store.resolve(sessions) === ctx.key;
}

async function dispatch(ctx: RequestContext): Promise<Reply> {
  switch (ctx.method) {
    case 'GET':
    case 'HEAD':
      return handleGet(ctx);
    case 'PATCH':
      return handlePatch(ctx);
    case 'POST':
      return handlePost(ctx);
    case 'DELETE':
      return handleDelete(ctx);
    default:
      return otherMethod(ctx);
  }
}

/** PUT is not supported on any resource (405 with Allow); OPTIONS reports Allow; unknown methods are 501. */
async function otherMethod(ctx: RequestContext): Promise<Reply> {
  if (!KNOWN_METHODS.has(ctx.method)) throw redfishError(501, 'OperationNotAllowed');
  const get = await handleGet({ ...ctx, method: 'GET' });
  const allow = get.headers?.Allow ?? 'GET, HEAD';
  if (ctx.method === 'OPTIONS') return { status: 204, headers: { Allow: allow } };
  throw redfishError(405, 'OperationNotAllowed', [], { Allow: allow });
}
