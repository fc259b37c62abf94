import { AgentInfoKey, MASKED_TOKEN, type JsonObject, type JsonValue, type NodeRecord, type NodeRef } from '../../core/index.js';

const SECRET_KEY = /pass(word|wd)|secret|token|credential/i;

/**
 * The node as sent to the agent with a command (Ironic's `node.as_dict(secure=True)`): every field the
 * hardware managers read (properties, instance_info, target_raid_config …) with passwords and the agent
 * token masked, so a command log in the ramdisk never holds a BMC password.
 */
export function agentNodeView(node: NodeRef | NodeRecord): JsonObject {
  const view: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined || typeof value === 'function') continue;
    view[key] = mask(value as JsonValue);
  }
  const info = view['driver_internal_info'];
  if (typeof info === 'object' && info !== null && !Array.isArray(info) && AgentInfoKey.Token in info) {
    view['driver_internal_info'] = { ...info, [AgentInfoKey.Token]: MASKED_TOKEN };
  }
  return view;
}

function mask(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(mask);
  if (typeof value !== 'object' || value === null) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && typeof v === 'string' ? MASKED_TOKEN : mask(v);
  return out;
}
