import type { JsonObject } from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { recordHistory } from './history.js';
import type { Caller } from './node-actions.js';
import { acquireNode } from './node-task.js';
import { historyUser } from './operation.js';

/**
 * PUT /v1/nodes/{id}/states/raid (1.12): stores target_raid_config after the RAID interface checked it;
 * `{}` clears it. The create_configuration clean or deploy step applies it later.
 */
export async function setRaidConfig(deps: ConductorDeps, ident: string, config: JsonObject, caller: Caller): Promise<void> {
  const task = await acquireNode(deps, ident, 'setting target RAID config');
  try {
    const raid = task.driver().raid;
    raid.validate(task.node);
    if (Object.keys(config).length > 0) raid.validateRaidConfig(task.node, config);
    await task.save({ target_raid_config: config });
    await recordHistory(deps, task.node, { eventType: 'management', event: 'Target RAID configuration set', user: historyUser(caller) });
  } finally {
    await task.release();
  }
}
