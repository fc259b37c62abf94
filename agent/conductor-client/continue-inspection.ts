import type { Inventory, JsonObject } from '../../core/index.js';
import type { IronicApiClient } from './ironic-api-client.js';

/** The API version that makes continue_inspection answer like a lookup (Ironic 1.84). */
const CONTINUE_INSPECTION_VERSION = '1.84';

/** What continue_inspection answered: the node's UUID, and lookup data when Ironic sent it along. */
export interface InspectionOutcome {
  nodeUuid: string | undefined;
  /** Ironic (1.84+) answers a node in `inspect wait` like a lookup: {node, config} with the token. */
  lookup: { node: JsonObject; config: JsonObject } | undefined;
}

/**
 * POSTs the inventory and plugin data to the inspection callback URL (IPA inspector.py call_inspector), as
 * IPA does before its lookup when `ipa-inspection-callback-url` is set. A failure is reported to the caller,
 * which continues with a plain lookup like IPA.
 */
export async function continueInspection(
  client: IronicApiClient,
  inventory: Inventory,
  pluginData: JsonObject,
  signal: AbortSignal,
): Promise<InspectionOutcome> {
  // 1.84 asks for the lookup-style answer with the agent token: the agent heartbeats with it right away, which
  // a fast-tracked node needs to keep this ramdisk for cleaning and deployment (an older answer has no token).
  const response = await client.send({ method: 'POST', path: '', body: { ...pluginData, inventory }, version: CONTINUE_INSPECTION_VERSION, signal });
  if (response.status < 200 || response.status >= 300)
    throw new Error(`continue_inspection answered HTTP ${response.status}`);
  const body = response.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { nodeUuid: undefined, lookup: undefined };
  const record = body as JsonObject;
  const node = record['node'];
  const config = record['config'];
  const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
  const uuid =
    typeof record['uuid'] === 'string'
      ? record['uuid']
      : isObj(node) && typeof node['uuid'] === 'string'
        ? node['uuid']
        : undefined;
  return { nodeUuid: uuid, lookup: isObj(node) && isObj(config) ? { node, config } : undefined };
}
