import { randomUUID } from 'node:crypto';
import { newNode } from '../../core/index.js';
import type {
  AllocationRecord,
  ChassisRecord,
  DeployTemplateRecord,
  HistoryEvent,
  NodeRecord,
  PortgroupRecord,
  PortRecord,
} from '../../core/index.js';

/** Builders for the repository contract: valid records with fresh uuids, overridable field by field. */
export const T0 = '2024-05-01T10:00:00.000000+00:00';

/** A node in `enroll` with a fresh uuid. */
export function aNode(fields: Partial<NodeRecord> = {}): NodeRecord {
  return newNode({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'enroll', created_at: T0, ...fields });
}

/** A port of `nodeUuid` with a fresh uuid and MAC. */
export function aPort(nodeUuid: string, fields: Partial<PortRecord> = {}): PortRecord {
  return {
    uuid: randomUUID(),
    address: aMac(),
    node_uuid: nodeUuid,
    portgroup_uuid: null,
    pxe_enabled: true,
    local_link_connection: {},
    physical_network: null,
    is_smartnic: false,
    name: null,
    extra: {},
    internal_info: {},
    created_at: T0,
    updated_at: null,
    ...fields,
  };
}

/** A portgroup of `nodeUuid`. */
export function aPortgroup(nodeUuid: string, fields: Partial<PortgroupRecord> = {}): PortgroupRecord {
  return {
    uuid: randomUUID(),
    name: null,
    address: null,
    node_uuid: nodeUuid,
    mode: 'active-backup',
    properties: {},
    standalone_ports_supported: true,
    extra: {},
    internal_info: {},
    created_at: T0,
    updated_at: null,
    ...fields,
  };
}

/** A chassis. */
export function aChassis(fields: Partial<ChassisRecord> = {}): ChassisRecord {
  return { uuid: randomUUID(), description: null, extra: {}, created_at: T0, updated_at: null, ...fields };
}

/** An allocation in `allocating`. */
export function anAllocation(fields: Partial<AllocationRecord> = {}): AllocationRecord {
  return {
    uuid: randomUUID(),
    name: null,
    node_uuid: null,
    state: 'allocating',
    last_error: null,
    resource_class: 'baremetal',
    traits: [],
    candidate_nodes: [],
    extra: {},
    owner: null,
    created_at: T0,
    updated_at: null,
    ...fields,
  };
}

/** A deploy template with one step. */
export function aDeployTemplate(fields: Partial<DeployTemplateRecord> = {}): DeployTemplateRecord {
  return {
    uuid: randomUUID(),
    name: `CUSTOM_${randomUUID().slice(0, 8).toUpperCase()}`,
    steps: [{ interface: 'bios', step: 'apply_configuration', args: { settings: [] }, priority: 10 }],
    extra: {},
    created_at: T0,
    updated_at: null,
    ...fields,
  };
}

/** A history event of `nodeUuid`. */
export function anEvent(nodeUuid: string, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  return {
    uuid: randomUUID(),
    node_uuid: nodeUuid,
    created_at: T0,
    severity: 'INFO',
    event_type: 'provisioning',
    event: 'something happened',
    conductor: 'c1',
    user: null,
    ...fields,
  };
}

/** A random locally administered MAC address. */
export function aMac(): string {
  const bytes = [0x02, ...Array.from({ length: 5 }, () => Math.floor(Math.random() * 256))];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Resolves to the rejection of `promise`; fails the test when it fulfils instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise fulfilled');
}
