import { AgentInfoKey, type AgentCommandResult, type JsonObject } from '../../core/index.js';
import { isJsonObject, type NodeChanges } from '../interfaces/index.js';
import type { AgentStepKind } from './agent-steps.js';

/**
 * Node changes a finished in-band step implies (Ironic's post-step hooks, e.g. agent RAID's
 * _create_configuration_final): RAID steps report the configuration built, Ferro's firmware update reports
 * the component versions. The step's own result sits in command_result.<kind>_result (IPA).
 */
export function inBandStepChanges(stepId: string, kind: AgentStepKind, command: AgentCommandResult): NodeChanges {
  const result = command.command_result?.[`${kind}_result`];
  switch (stepId) {
    case 'raid.create_configuration':
    case 'raid.apply_configuration':
      return isJsonObject(result) && Array.isArray(result['logical_disks']) ? { raid_config: result } : {};
    case 'raid.delete_configuration':
      return { raid_config: {} };
    case 'firmware.update': {
      const components = isJsonObject(result) ? result['firmware_components'] : undefined;
      return Array.isArray(components) ? { driver_internal_info: { [AgentInfoKey.FirmwareComponents]: components } } : {};
    }
    default:
      return {};
  }
}

/** Merges two NodeChanges (the second wins key by key inside dict fields). */
export function mergeChanges(a: NodeChanges, b: NodeChanges): NodeChanges {
  const out: NodeChanges = { ...a, ...b };
  for (const key of ['instance_info', 'driver_internal_info', 'properties'] as const) {
    const left: JsonObject | undefined = a[key];
    const right: JsonObject | undefined = b[key];
    if (left && right) out[key] = { ...left, ...right };
  }
  return out;
}
