import {
  AgentCommandFailed, AgentInfoKey, INTERFACE_NAMES, type AgentStep, type InterfaceName, type JsonObject, type JsonValue, type NodeRef,
} from '../../core/index.js';
import { isJsonObject, type StepArgInfo, type StepDefinition, type StepKind } from '../interfaces/index.js';
import type { AgentClient } from './agent-client.js';
import type { AgentEndpoint } from './agent-endpoint.js';
import { agentNodeView } from './agent-node-view.js';

/** Kinds of step runs the agent has steps for. */
export type AgentStepKind = Exclude<StepKind, 'verify'>;

/** Priority overrides by step name ([deploy]erase_devices_priority & co); absent = the agent's own priority. */
export type PriorityOverrides = Readonly<Record<string, number>>;

/**
 * The in-band steps of `kind` for one interface, from the cache the last get_*_steps filled
 * (driver_internal_info.agent_cached_<kind>_steps, grouped by interface as Ironic keeps it), with priority
 * overrides applied and steps named in `exclude` (the conductor's own out-of-band steps) left out.
 */
export function cachedAgentSteps(node: Pick<NodeRef, 'driver_internal_info'>, kind: AgentStepKind, iface: InterfaceName, overrides: PriorityOverrides = {}, exclude: ReadonlySet<string> = new Set()): StepDefinition[] {
  const cache = node.driver_internal_info[AgentInfoKey.CachedSteps[kind]];
  if (!isJsonObject(cache)) return [];
  const steps = cache[iface];
  if (!Array.isArray(steps)) return [];
  return steps.filter(isJsonObject).filter((s) => typeof s['step'] === 'string' && !exclude.has(s['step']))
    .map((s) => toDefinition(iface, s, overrides));
}

/** True once the agent of this ramdisk session listed its steps of `kind`. */
export function hasCachedSteps(node: Pick<NodeRef, 'driver_internal_info'>, kind: AgentStepKind): boolean {
  return isJsonObject(node.driver_internal_info[AgentInfoKey.CachedSteps[kind]]);
}

function toDefinition(iface: InterfaceName, step: JsonObject, overrides: PriorityOverrides): StepDefinition {
  const name = String(step['step']);
  const override = overrides[name];
  return {
    interface: iface, step: name,
    priority: override ?? (typeof step['priority'] === 'number' ? step['priority'] : 0),
    abortable: step['abortable'] === true,
    argsinfo: argsInfo(step['argsinfo']),
    requires_ramdisk: true,
  };
}

function argsInfo(value: JsonValue | undefined): Record<string, StepArgInfo> | null {
  if (!isJsonObject(value)) return null;
  const out: Record<string, StepArgInfo> = {};
  for (const [name, info] of Object.entries(value)) {
    const entry = isJsonObject(info) ? info : {};
    out[name] = { description: typeof entry['description'] === 'string' ? entry['description'] : '', ...(entry['required'] === true ? { required: true } : {}) };
  }
  return out;
}

/**
 * Asks the agent for its steps of `kind` (`clean.get_clean_steps` …, run synchronously) and returns the
 * driver_internal_info changes that cache them (Ironic's refresh_steps): the per-manager lists flattened and
 * grouped by interface, first one of a name kept (IPA already dropped the less specific managers' copies).
 */
export async function refreshAgentSteps(client: AgentClient, endpoint: AgentEndpoint, node: NodeRef, kind: AgentStepKind, signal: AbortSignal): Promise<JsonObject> {
  const command = `${kind}.get_${kind}_steps`;
  const result = await client.command(endpoint, command, { node: agentNodeView(node), ports: [] }, { wait: true, signal });
  const body = result.command_result;
  const byManager = body?.[`${kind}_steps`];
  if (result.command_status !== 'SUCCEEDED' || !isJsonObject(byManager)) {
    throw new AgentCommandFailed(node.uuid, command, `the agent did not list its ${kind} steps (status ${result.command_status}).`);
  }
  const grouped: Record<string, AgentStep[]> = {};
  const seen = new Set<string>();
  for (const steps of Object.values(byManager)) {
    if (!Array.isArray(steps)) continue;
    for (const raw of steps.filter(isJsonObject)) {
      const iface = raw['interface'];
      if (typeof raw['step'] !== 'string' || typeof iface !== 'string' || !(INTERFACE_NAMES as readonly string[]).includes(iface)) continue;
      const id = `${iface}.${raw['step']}`;
      if (seen.has(id)) continue;
      seen.add(id);
      (grouped[iface] ??= []).push(raw as unknown as AgentStep);
    }
  }
  const versions = body?.['hardware_manager_version'];
  return {
    [AgentInfoKey.CachedSteps[kind]]: grouped as unknown as JsonObject,
    ...(isJsonObject(versions) ? { [AgentInfoKey.HardwareManagerVersion]: versions } : {}),
  };
}
