import {
  InvalidParameterValue, MissingParameterValue, type JsonObject, type JsonValue, type NodeRef,
} from '../../core/index.js';
import {
  RAID_LOGICAL_DISK_PROPERTIES, defineStep, isJsonObject, type DriverContext, type RaidInterface, type StepCall,
  type StepContext, type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import type { AgentDriverDeps } from './agent-settings.js';
import { cachedAgentSteps } from './agent-steps.js';
import { executeInBandStep } from './in-band-step.js';

const RAID_LEVELS: ReadonlySet<string> = new Set(['0', '1', '1+0', '5', '6']);

const CREATE_ARGS = {
  create_root_volume: { description: 'Whether to create the root volume (default true).' },
  create_nonroot_volumes: { description: 'Whether to create the other volumes (default true).' },
  delete_existing: { description: 'Whether to delete existing RAID first (default false).' },
};
const APPLY_ARGS = {
  raid_config: { description: 'The RAID configuration to apply (target_raid_config format).', required: true },
  delete_existing: { description: 'Whether to delete existing RAID first (default true).' },
};

/** Ironic's decorated AgentRAID steps; the agent's own raid steps join them from its cache. */
const STATIC_STEPS: Readonly<Record<'clean' | 'deploy' | 'service', readonly StepDefinition[]>> = {
  clean: [
    defineStep('raid', 'create_configuration', 0, { argsinfo: CREATE_ARGS }),
    defineStep('raid', 'delete_configuration', 0),
  ],
  deploy: [defineStep('raid', 'apply_configuration', 0, { argsinfo: APPLY_ARGS }), defineStep('raid', 'delete_configuration', 0)],
  service: [defineStep('raid', 'apply_configuration', 0, { argsinfo: APPLY_ARGS }), defineStep('raid', 'delete_configuration', 0)],
};

/**
 * `agent` RAID (Ironic's AgentRAID): software RAID built by the agent in the ramdisk (mdadm). The steps run
 * in-band; the configuration the agent reports becomes the node's raid_config.
 */
export class AgentRaid implements RaidInterface {
  constructor(private readonly deps: AgentDriverDeps) {}

  validate(): void {}

  /** The common schema plus what the agent can build: software RAID levels 0, 1, 1+0, 5, 6. */
  validateRaidConfig(node: NodeRef, config: JsonObject): void {
    const disks = config['logical_disks'];
    if (!Array.isArray(disks) || disks.length === 0) {
      throw new InvalidParameterValue(`RAID config for node ${node.uuid} needs a non-empty "logical_disks" list.`);
    }
    disks.forEach((disk, i) => { validateDisk(node.uuid, disk, i); });
  }

  getLogicalDiskProperties(): Record<string, string> {
    return { ...RAID_LOGICAL_DISK_PROPERTIES };
  }

  getSteps(node: NodeRef, kind: StepKind, _ctx?: DriverContext): Promise<StepDefinition[]> {
    if (kind === 'verify') return Promise.resolve([]);
    const own = STATIC_STEPS[kind];
    const names = new Set(own.map((s) => s.step));
    return Promise.resolve([...own, ...cachedAgentSteps(node, kind, 'raid', {}, names).map((d) => ({ ...d, priority: kind === 'clean' ? d.priority : 0 }))]);
  }

  executeStep(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    if (step.step === 'create_configuration') {
      const target = ctx.node().target_raid_config;
      if (!isJsonObject(target) || !Array.isArray(target['logical_disks']) || target['logical_disks'].length === 0) {
        throw new MissingParameterValue(`Node ${node.uuid} has no target_raid_config; set it with "baremetal node set --target-raid-config" first.`);
      }
      this.validateRaidConfig(node, target);
    }
    if (step.step === 'apply_configuration') {
      const config = step.args['raid_config'];
      if (!isJsonObject(config)) throw new InvalidParameterValue(`Step raid.apply_configuration on node ${node.uuid} needs a "raid_config" object.`);
      this.validateRaidConfig(node, config);
    }
    return executeInBandStep(this.deps, step, ctx);
  }
}

function validateDisk(nodeUuid: string, disk: JsonValue, index: number): void {
  const where = `logical disk ${index} of the RAID config for node ${nodeUuid}`;
  if (!isJsonObject(disk)) throw new InvalidParameterValue(`The ${where} must be an object.`);
  const level = disk['raid_level'];
  if (typeof level !== 'string' || !RAID_LEVELS.has(level)) {
    throw new InvalidParameterValue(`The ${where} has raid_level ${JSON.stringify(level ?? null)}; software RAID supports ${[...RAID_LEVELS].join(', ')}.`);
  }
  const size = disk['size_gb'];
  if (size !== 'MAX' && (typeof size !== 'number' || !Number.isInteger(size) || size <= 0)) {
    throw new InvalidParameterValue(`The ${where} needs size_gb: a positive integer or "MAX".`);
  }
  const controller = disk['controller'];
  if (controller !== undefined && controller !== null && controller !== 'software') {
    throw new InvalidParameterValue(`The ${where} names controller "${String(controller)}"; the agent RAID interface builds software RAID only (controller "software").`);
  }
  const unknown = Object.keys(disk).filter((k) => !(k in RAID_LOGICAL_DISK_PROPERTIES));
  if (unknown.length > 0) throw new InvalidParameterValue(`The ${where} has unknown properties: ${unknown.join(', ')}.`);
}
