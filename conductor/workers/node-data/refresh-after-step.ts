import type { StepCall, StepOutcome } from '../../../drivers/interfaces/index.js';
import { recordHistory } from '../history.js';
import type { NodeTask } from '../node-task.js';
import { cacheBiosSettings } from './cache-bios-settings.js';
import { cacheFirmwareComponents } from './cache-firmware-components.js';
import type { NodeDataDeps } from './node-data-deps.js';

/** BIOS steps Ironic decorates with @cache_bios_settings, and firmware steps with @cache_firmware_components. */
const BIOS_STEPS: ReadonlySet<string> = new Set(['apply_configuration', 'factory_reset']);
const FIRMWARE_STEPS: ReadonlySet<string> = new Set(['update']);

/**
 * After a step finished (its changes already saved): re-reads what the step changed on the hardware, and
 * records a RAID configuration change in history. A step that waits refreshes when its run ends instead.
 */
export async function refreshAfterStep(deps: NodeDataDeps, task: NodeTask, step: StepCall, outcome: StepOutcome, signal: AbortSignal): Promise<void> {
  if (outcome.changes?.raid_config !== undefined) {
    const disks = task.node.raid_config['logical_disks'];
    const count = Array.isArray(disks) ? disks.length : 0;
    const event = count > 0 ? `RAID configuration updated: ${count} logical disk(s)` : 'RAID configuration cleared';
    await recordHistory(deps, task.node, { eventType: 'management', event });
  }
  if (outcome.result !== 'done') return;
  if (step.interface === 'bios' && BIOS_STEPS.has(step.step)) await cacheBiosSettings(deps, task, signal);
  if (step.interface === 'firmware' && FIRMWARE_STEPS.has(step.step)) await cacheFirmwareComponents(deps, task, signal);
}
