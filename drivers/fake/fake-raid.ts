import { InvalidParameterValue, type JsonObject, type NodeRef } from '../../core/index.js';
import {
  RAID_LOGICAL_DISK_PROPERTIES, STEP_DONE, defineStep, type RaidInterface, type StepCall, type StepContext,
  type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';

const RAID_LEVELS = new Set(['0', '1', '2', '5', '6', '1+0', '5+0', '6+0']);

/** `fake` RAID: checks target_raid_config like Ironic's schema and "builds" it in the create step. */
export class FakeRaid implements RaidInterface {
  validate(): void {}

  validateRaidConfig(node: NodeRef, config: JsonObject): void {
    const disks = config['logical_disks'];
    if (!Array.isArray(disks)) {
      throw new InvalidParameterValue(`RAID config validation error for node ${node.uuid}: 'logical_disks' is a required property`);
    }
    for (const disk of disks) {
      const ok = typeof disk === 'object' && disk !== null && !Array.isArray(disk)
        && (typeof disk['size_gb'] === 'number' || disk['size_gb'] === 'MAX')
        && typeof disk['raid_level'] === 'string' && RAID_LEVELS.has(disk['raid_level']);
      if (!ok) throw new InvalidParameterValue(`RAID config validation error for node ${node.uuid}: each logical disk needs size_gb and a valid raid_level`);
    }
  }

  getLogicalDiskProperties(): Record<string, string> {
    return { ...RAID_LOGICAL_DISK_PROPERTIES };
  }

  getSteps(_node: NodeRef, kind: StepKind): Promise<StepDefinition[]> {
    if (kind === 'verify') return Promise.resolve([]);
    return Promise.resolve([
      defineStep('raid', 'create_configuration', 0, { argsinfo: {
        create_root_volume: { description: 'Whether to create the root volume. Defaults to true.', required: false },
        create_nonroot_volumes: { description: 'Whether to create the non-root volumes. Defaults to true.', required: false },
      } }),
      defineStep('raid', 'delete_configuration', 0),
    ]);
  }

  async executeStep(_node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    const node = ctx.node();
    if (step.step === 'delete_configuration') return Promise.resolve({ result: 'done', changes: { raid_config: { logical_disks: null } } });
    if (step.step !== 'create_configuration') return Promise.resolve(STEP_DONE);
    const disks = node.target_raid_config['logical_disks'];
    return Promise.resolve({ result: 'done', changes: { raid_config: { logical_disks: Array.isArray(disks) ? disks : [] } } });
  }
}
