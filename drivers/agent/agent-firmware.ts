import { AgentInfoKey, InvalidParameterValue, UnsupportedDriverExtension, type NodeRef } from '../../core/index.js';
import {
  defineStep, isJsonObject, type DriverContext, type FirmwareComponent, type FirmwareInterface, type StepCall,
  type StepContext, type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import type { AgentDriverDeps } from './agent-settings.js';
import { executeInBandStep } from './in-band-step.js';

const UPDATE = defineStep('firmware', 'update', 0, {
  argsinfo: { settings: { description: 'A list of {"component", "url", "checksum"} to flash, in order.', required: true } },
});

/**
 * `agent` firmware: a Ferro extension (Ironic has no in-band firmware interface). The `update` clean/service
 * step flashes images from the ramdisk; the agent reports component versions in the step's result
 * (`firmware_components`) and in inspection data, and getComponents serves the last report, so the cache
 * behind GET /v1/nodes/{id}/firmware shows initial and current versions after the step.
 */
export class AgentFirmware implements FirmwareInterface {
  constructor(private readonly deps: AgentDriverDeps) {}

  validate(): void {}

  getComponents(node: NodeRef, _ctx: DriverContext): Promise<FirmwareComponent[]> {
    const reported = node.driver_internal_info[AgentInfoKey.FirmwareComponents];
    if (!Array.isArray(reported)) {
      return Promise.reject(new UnsupportedDriverExtension(`The agent of node ${node.uuid} has not reported firmware components yet.`));
    }
    return Promise.resolve(reported.filter(isJsonObject)
      .filter((c) => typeof c['component'] === 'string' && typeof c['current_version'] === 'string')
      .map((c) => ({
        component: String(c['component']), current_version: String(c['current_version']),
        initial_version: typeof c['previous_version'] === 'string' ? c['previous_version'] : String(c['current_version']),
      })));
  }

  getSteps(_node: NodeRef, kind: StepKind): Promise<StepDefinition[]> {
    return Promise.resolve(kind === 'clean' || kind === 'service' ? [UPDATE] : []);
  }

  executeStep(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    const settings = step.args['settings'];
    const valid = Array.isArray(settings) && settings.length > 0 && settings.every((s) => isJsonObject(s) && typeof s['component'] === 'string' && typeof s['url'] === 'string');
    if (!valid) {
      throw new InvalidParameterValue(`Step firmware.update on node ${node.uuid} needs "settings": a non-empty list of {"component", "url", "checksum"}.`);
    }
    return executeInBandStep(this.deps, step, ctx);
  }
}
