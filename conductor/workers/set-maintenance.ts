import type { ConductorDeps } from './conductor-deps.js';
import { recordHistory } from './history.js';
import type { Caller } from './node-actions.js';
import { acquireNode } from './node-task.js';
import { historyUser } from './operation.js';

/**
 * PUT/DELETE /v1/nodes/{id}/maintenance. Ironic changes it through update_node under an exclusive lock,
 * so a busy node answers 409. Leaving maintenance clears the reason and the fault.
 */
export async function setMaintenance(deps: ConductorDeps, ident: string, on: boolean, reason: string | null, caller: Caller): Promise<void> {
  const task = await acquireNode(deps, ident, 'node update');
  try {
    await task.save(on ? { maintenance: true, maintenance_reason: reason } : { maintenance: false, maintenance_reason: null, fault: null });
    task.log.info({ maintenance: on, reason }, 'maintenance changed');
    await recordHistory(deps, task.node, {
      eventType: 'maintenance',
      event: on ? `Maintenance set${reason ? `: ${reason}` : ''}` : 'Maintenance unset',
      user: historyUser(caller),
    });
  } finally {
    await task.release();
  }
}
