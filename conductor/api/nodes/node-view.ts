import type { JsonObject, NodeRecord } from '../../../core/index.js';
import { maskDriverInternalInfo, maskInstanceInfo, maskSecrets } from '../mask-secrets.js';
import { selfLinks } from '../request-context.js';
import { NODE_FIELD_VERSIONS, NODE_LIST_FIELDS } from './node-fields.js';

/** How a request wants nodes shown. */
export interface NodeViewOptions {
  apiMinor: number;
  baseUrl: string;
  /** Hostname shown in the `conductor` field. */
  conductor: string;
  /** Explicit `fields=`; `links` is always added. */
  fields?: ReadonlySet<string> | undefined;
  /** List without detail: only the default list fields. */
  summary?: boolean;
}

const AFTER_LINKS = new Set(['conductor', 'allocation_uuid', 'chassis_uuid']);
const SUB_RESOURCES: ReadonlyArray<readonly [string, number]> = [['ports', 1], ['states', 14], ['portgroups', 24], ['volume', 32]];

function fieldValue(node: NodeRecord, field: string, conductor: string): unknown {
  switch (field) {
    case 'driver_info': return maskSecrets(node.driver_info);
    case 'instance_info': return maskInstanceInfo(node.instance_info);
    case 'driver_internal_info': return maskDriverInternalInfo(node.driver_internal_info);
    case 'conductor': return conductor;
    default: return (node as unknown as Record<string, unknown>)[field] ?? null;
  }
}

/**
 * A renderer for one request: the visible field list is computed once, then each node costs one
 * object literal (listing 1000 nodes must stay cheap). Secrets are masked as Ironic does.
 */
export function createNodeRenderer(options: NodeViewOptions): (node: NodeRecord) => JsonObject {
  const wanted = (name: string): boolean =>
    options.fields ? options.fields.has(name) : options.summary === true ? NODE_LIST_FIELDS.has(name) : true;
  const visible = NODE_FIELD_VERSIONS.filter(([name, min]) => min <= options.apiMinor && wanted(name)).map(([n]) => n);
  const before = visible.filter((n) => !AFTER_LINKS.has(n));
  const after = visible.filter((n) => AFTER_LINKS.has(n));
  const full = options.fields === undefined && options.summary !== true;
  const subResources = full ? SUB_RESOURCES.filter(([, min]) => min <= options.apiMinor).map(([n]) => n) : [];
  const { baseUrl, conductor } = options;
  return (node) => {
    const out: Record<string, unknown> = {};
    for (const field of before) out[field] = fieldValue(node, field, conductor);
    out['links'] = selfLinks(baseUrl, `nodes/${node.uuid}`);
    for (const field of after) out[field] = fieldValue(node, field, conductor);
    for (const sub of subResources) out[sub] = selfLinks(baseUrl, `nodes/${node.uuid}/${sub}`);
    return out as JsonObject;
  };
}

/** `GET /v1/nodes/{id}/states` (1.12 adds RAID, 1.75 boot mode and secure boot). */
export function renderNodeStates(node: NodeRecord, apiMinor: number): JsonObject {
  const states: JsonObject = {
    console_enabled: node.console_enabled, last_error: node.last_error, power_state: node.power_state,
    provision_state: node.provision_state, target_power_state: node.target_power_state,
    target_provision_state: node.target_provision_state, provision_updated_at: node.provision_updated_at,
  };
  if (apiMinor >= 12) {
    states['raid_config'] = node.raid_config;
    states['target_raid_config'] = node.target_raid_config;
  }
  if (apiMinor >= 75) {
    states['boot_mode'] = node.boot_mode;
    states['secure_boot'] = node.secure_boot;
  }
  return states;
}
