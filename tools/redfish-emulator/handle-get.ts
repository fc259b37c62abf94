import { allowedMethods } from './allowed-methods.js';
import { SERVICE_ROOT } from './odata-path.js';
import { currentPower } from './power-control.js';
import { redfishError } from './redfish-error.js';
import type { Reply, RequestContext } from './reply.js';
import { findAction, resourceType } from './resource-roles.js';
import { taskMonitorReply } from './tasks.js';

/**
 * GET and HEAD (DSP0266 §7.4): the resource with its `ETag` and `Allow` headers. `/redfish` answers the version
 * document; an action target answers 405 with `Allow: POST`; a task monitor answers per §7.11.
 */
export async function handleGet(ctx: RequestContext): Promise<Reply> {
  const { state, key, path } = ctx;
  if (path === '/redfish') return { status: 200, body: { v1: `${SERVICE_ROOT}/` } };
  const monitor = taskMonitorReply(state, path, ctx.method);
  if (monitor !== undefined) return monitor;
  if (key !== undefined) {
    const xml = state.store.text(key);
    if (xml !== undefined) return { status: 200, body: { xml } };
    if (state.machine?.systemPath === key && resourceType(state.store, key) === 'ComputerSystem')
      await currentPower(state, key);
    const body = state.store.get(key);
    const etag = state.store.etag(key);
    if (body !== undefined && etag !== undefined) {
      return { status: 200, body, headers: { ETag: etag, Allow: allowedMethods(state, key).join(', ') } };
    }
  }
  if (findAction(state.store, path, state.switches.caseInsensitivePaths) !== undefined) {
    throw redfishError(405, 'OperationNotAllowed', [], { Allow: 'POST' });
  }
  throw redfishError(404, 'ResourceMissingAtURI', [path]);
}
