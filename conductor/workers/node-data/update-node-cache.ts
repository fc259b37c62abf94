import type { NodeTask } from '../node-task.js';
import { cacheBiosSettings } from './cache-bios-settings.js';
import { cacheFirmwareComponents } from './cache-firmware-components.js';
import type { NodeDataDeps } from './node-data-deps.js';

/**
 * Refreshes the cached BIOS settings and firmware components (Ironic's conductor utils node_update_cache,
 * run after verify and at the start and end of cleaning and servicing). Never throws.
 */
export async function updateNodeCache(deps: NodeDataDeps, task: NodeTask, signal: AbortSignal): Promise<void> {
  await cacheBiosSettings(deps, task, signal);
  await cacheFirmwareComponents(deps, task, signal);
}
