import { randomUUID } from 'node:crypto';
import {
  canonicalUuid, InvalidParameterValue, isoTimestamp, isUuid, isValidLogicalName, parseMacAddress, systemClock,
  type JsonObject, type PortRecord,
} from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { checkBody, checkField, isJsonObject } from '../request-body.js';
import { PORT_CREATE_SPEC } from './port-shape.js';

const LLC_KEYS = ['switch_id', 'port_id', 'switch_info', 'network_type', 'hostname'];
const DATAPATH_ID = /^(0x)?[0-9a-fA-F]{16}$/;

/** local_link_connection (1.19; network_type 1.64): known keys, and switch/port ids unless unmanaged. */
export function checkLocalLinkConnection(value: unknown): JsonObject {
  if (value === null || value === undefined) return {};
  if (!isJsonObject(value)) throw new InvalidParameterValue('local_link_connection must be a dictionary');
  const unknown = Object.keys(value).filter((k) => !LLC_KEYS.includes(k));
  if (unknown.length > 0) throw new InvalidParameterValue(`Invalid local_link_connection: unknown keys ${unknown.join(', ')}`);
  if (Object.keys(value).length === 0 || value['network_type'] === 'unmanaged') return value as JsonObject;
  const missing = ['switch_id', 'port_id'].filter((k) => value[k] === undefined);
  if (missing.length > 0) throw new InvalidParameterValue(`Missing the keys for the following fields: ${missing.join(', ')}`);
  const switchId = value['switch_id'];
  if (typeof switchId !== 'string' || (parseMacAddress(switchId) === undefined && !DATAPATH_ID.test(switchId))) {
    throw new InvalidParameterValue(`Expected a MAC address or OpenFlow datapath ID but received ${String(switchId)}.`);
  }
  return value as JsonObject;
}

/** address -> canonical lower-case MAC; Ironic's message otherwise. */
export function checkAddress(value: unknown): string {
  const mac = parseMacAddress(value);
  if (mac === undefined) throw new InvalidParameterValue(`Expected valid MAC address for address: ${String(value)}`);
  return mac;
}

/** node_uuid of a port body: the node must exist (400, not 404, as Ironic answers). */
export async function checkPortNode(deps: ApiDeps, value: unknown): Promise<string> {
  const node = isUuid(value) ? await deps.store.nodes.get(canonicalUuid(value)) : undefined;
  if (!node) throw new InvalidParameterValue(`Node ${String(value)} could not be found.`);
  return node.uuid;
}

/** portgroup_uuid: must exist and belong to the port's node. */
export async function checkPortgroupOf(deps: ApiDeps, value: unknown, nodeUuid: string): Promise<string | null> {
  if (value === null || value === undefined) return null;
  const group = typeof value === 'string' ? await deps.store.portgroups.get(isUuid(value) ? canonicalUuid(value) : value) : undefined;
  if (!group) throw new InvalidParameterValue(`Portgroup ${String(value)} could not be found.`);
  if (group.node_uuid !== nodeUuid) throw new InvalidParameterValue('Port can not be added to a portgroup belonging to a different node.');
  return group.uuid;
}

/** Port name (1.88): a valid logical name. */
export function checkPortName(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (!isValidLogicalName(value)) throw new InvalidParameterValue(`Cannot create port with invalid name '${String(value)}'`);
  return value;
}

/** Validates a `POST /v1/ports` body and builds the record. */
export async function buildNewPort(deps: ApiDeps, rawBody: unknown, apiMinor: number): Promise<PortRecord> {
  const body = checkBody(rawBody, PORT_CREATE_SPEC, 'port', apiMinor, ['address', 'node_uuid']);
  const uuid = body['uuid'];
  if (typeof uuid === 'string' && !isUuid(uuid)) throw new InvalidParameterValue(`Expected UUID for uuid: ${uuid}`);
  const address = checkAddress(body['address']);
  const nodeUuid = await checkPortNode(deps, body['node_uuid']);
  return {
    uuid: typeof uuid === 'string' ? canonicalUuid(uuid) : randomUUID(), address, node_uuid: nodeUuid,
    portgroup_uuid: await checkPortgroupOf(deps, body['portgroup_uuid'], nodeUuid),
    pxe_enabled: body['pxe_enabled'] !== false, local_link_connection: checkLocalLinkConnection(body['local_link_connection']),
    physical_network: typeof body['physical_network'] === 'string' ? body['physical_network'] : null,
    is_smartnic: body['is_smartnic'] === true, name: checkPortName(body['name']),
    extra: isJsonObject(body['extra']) ? (body['extra'] as JsonObject) : {}, internal_info: {},
    created_at: isoTimestamp((deps.clock ?? systemClock).now()), updated_at: null,
  };
}

/** Validates and normalises the fields a port PATCH changed. */
export async function checkPortChanges(deps: ApiDeps, port: PortRecord, changes: Record<string, unknown>): Promise<Partial<PortRecord>> {
  for (const [key, value] of Object.entries(changes)) {
    const spec = PORT_CREATE_SPEC[key];
    if (spec && !(value === null && key === 'extra')) checkField('port', value, spec);
  }
  const out: Record<string, unknown> = { ...changes };
  if ('address' in changes) out['address'] = checkAddress(changes['address']);
  if ('node_uuid' in changes) out['node_uuid'] = await checkPortNode(deps, changes['node_uuid']);
  const nodeUuid = (out['node_uuid'] as string | undefined) ?? port.node_uuid;
  if ('portgroup_uuid' in changes || 'node_uuid' in changes) {
    out['portgroup_uuid'] = await checkPortgroupOf(deps, 'portgroup_uuid' in changes ? changes['portgroup_uuid'] : port.portgroup_uuid, nodeUuid);
  }
  if ('local_link_connection' in changes) out['local_link_connection'] = checkLocalLinkConnection(changes['local_link_connection']);
  if ('name' in changes) out['name'] = checkPortName(changes['name']);
  if ('extra' in changes && changes['extra'] === null) out['extra'] = {};
  return out;
}
