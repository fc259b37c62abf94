import { allowedMethods } from './allowed-methods.js';
import { parentPath } from './odata-path.js';
import { checkPrecondition } from './precondition.js';
import { redfishError } from './redfish-error.js';
import type { Reply, RequestContext } from './reply.js';
import { resourceType } from './resource-roles.js';
import { deleteSession } from './sessions.js';
import { taskMonitorReply } from './tasks.js';
import { deleteVolume } from './volumes.js';

/** DELETE (DSP0266 §7.9): logs out a Session, removes a Volume, or cancels a task through its monitor. */
export async function handleDelete(ctx: RequestContext): Promise<Reply> {
  const { state, key } = ctx;
  const monitor = taskMonitorReply(state, ctx.path, 'DELETE');
  if (monitor !== undefined) return monitor;
  if (key === undefined) throw redfishError(404, 'ResourceMissingAtURI', [ctx.path]);
  const type = resourceType(state.store, key);
  if (type === 'Session') return deleteSession(state, key, parentPath(key));
  if (type === 'Volume') {
    checkPrecondition(state, key, ctx.headers, 'DELETE');
    return deleteVolume(state, key, ctx.body);
  }
  throw redfishError(405, 'OperationNotAllowed', [], { Allow: allowedMethods(state, key).join(', ') });
}
