import type {
  AllocationRecord, ChassisRecord, ConductorRecord, DeployTemplateRecord, HistoryEvent, JsonValue, NodeRecord,
  PortgroupRecord, PortRecord,
} from '../../core/index.js';

/** Sorting and paging of a collection (Ironic: sort_key, sort_dir, limit, marker). */
export interface Page {
  /** At most this many rows. */
  limit: number;
  /** UUID (or, for conductors, hostname) of the last row of the previous page; rows after it in sort order. */
  marker?: string | undefined;
  /** A column listed in the resource's sortable keys; 'id' is insertion order. */
  sortKey: string;
  sortDir: 'asc' | 'desc';
}

/** Node list filters (ironic api/controllers/v1/node.py get_all); absent means "any". */
export interface NodeFilters {
  provision_state?: string | undefined;
  driver?: string | undefined;
  maintenance?: boolean | undefined;
  associated?: boolean | undefined; // instance_uuid set or not
  retired?: boolean | undefined;
  resource_class?: string | undefined;
  fault?: string | undefined;
  conductor_group?: string | undefined; // compared case-insensitively, as Ironic does
  owner?: string | undefined;
  lessee?: string | undefined;
  /** Nodes whose owner or lessee is this project. */
  project?: string | undefined;
  description_contains?: string | undefined;
  chassis_uuid?: string | undefined;
  instance_uuid?: string | undefined;
  shard?: string[] | undefined;
  sharded?: boolean | undefined;
  parent_node?: string | undefined;
  /** false (Ironic's default since 1.83) hides nodes that have a parent_node. */
  include_children?: boolean | undefined;
  /** Nodes in any of these provision states (used by periodic tasks). */
  provision_states?: string[] | undefined;
  /** Nodes reserved by this holder. */
  reservation?: string | undefined;
  /** Only nodes whose uuid is in this list. */
  uuids?: string[] | undefined;
}

/** Columns a node list may be sorted by (dict fields are not sortable, as in Ironic). */
export const NODE_SORT_KEYS = [
  'id', 'uuid', 'name', 'driver', 'provision_state', 'power_state', 'maintenance', 'created_at', 'updated_at',
  'provision_updated_at', 'resource_class', 'conductor_group', 'owner', 'lessee', 'instance_uuid', 'chassis_uuid',
  'target_provision_state', 'fault', 'shard', 'reservation', 'description', 'inspection_started_at',
  'inspection_finished_at', 'protected', 'retired', 'automated_clean', 'parent_node',
] as const;

/** Nodes: every write is a compare-and-set on `version`. */
export interface NodeRepository {
  /** Stores a new node. Throws Conflict `DuplicateName`, `NodeAlreadyExists` (uuid) or `InstanceAssociated`. */
  create(node: NodeRecord): Promise<NodeRecord>;
  /** A node by UUID or by name; undefined when none. */
  get(ident: string): Promise<NodeRecord | undefined>;
  list(filters: NodeFilters, page: Page): Promise<NodeRecord[]>;
  count(filters: NodeFilters): Promise<number>;
  /**
   * Applies `changes` if the stored version is still `expectedVersion`; returns the new record (version + 1,
   * updated_at set). Throws NotFound, ConcurrentUpdate, or Conflict on a duplicate name / instance_uuid.
   */
  update(uuid: string, expectedVersion: number, changes: Partial<NodeRecord>): Promise<NodeRecord>;
  /** Deletes the node with its ports, portgroups and history. Throws NotFound. */
  delete(uuid: string): Promise<void>;
  /**
   * Atomically sets `reservation` to `holder` when it is null (Ironic's exclusive lock); returns the
   * reserved record. Throws NodeLocked naming the current holder, or NotFound.
   */
  reserve(uuid: string, holder: string): Promise<NodeRecord>;
  /** Clears the reservation if `holder` has it; no-op otherwise. */
  release(uuid: string, holder: string): Promise<void>;
  /** Clears every reservation held by `holder`; returns the UUIDs released. */
  releaseAll(holder: string): Promise<string[]>;
}

/** A CRUD collection keyed by UUID (and optionally a unique name). */
export interface Collection<T, F> {
  /** Throws Conflict on a duplicate uuid, name or (ports) address. */
  create(record: T): Promise<T>;
  /** By UUID, or by name where the resource has names. */
  get(ident: string): Promise<T | undefined>;
  list(filters: F, page: Page): Promise<T[]>;
  /** Throws NotFound, or Conflict on a duplicate. */
  update(uuid: string, changes: Partial<T>): Promise<T>;
  /** Throws NotFound. */
  delete(uuid: string): Promise<void>;
}

export interface PortFilters {
  node_uuid?: string | undefined;
  address?: string | undefined;
  addresses?: string[] | undefined;
  portgroup_uuid?: string | undefined;
  physical_network?: string | undefined;
  shard?: string[] | undefined; // ports of nodes in these shards
}
export interface PortgroupFilters {
  node_uuid?: string | undefined;
  address?: string | undefined;
}
export type ChassisFilters = Record<string, never>;
export interface AllocationFilters {
  node_uuid?: string | undefined;
  resource_class?: string | undefined;
  state?: string | undefined;
  owner?: string | undefined;
}
export type DeployTemplateFilters = Record<string, never>;

export const PORT_SORT_KEYS = ['id', 'uuid', 'address', 'node_uuid', 'portgroup_uuid', 'created_at', 'updated_at', 'pxe_enabled', 'physical_network', 'name'] as const;
export const PORTGROUP_SORT_KEYS = ['id', 'uuid', 'name', 'address', 'node_uuid', 'mode', 'created_at', 'updated_at'] as const;
export const CHASSIS_SORT_KEYS = ['id', 'uuid', 'description', 'created_at', 'updated_at'] as const;
export const ALLOCATION_SORT_KEYS = ['id', 'uuid', 'name', 'node_uuid', 'state', 'resource_class', 'created_at', 'updated_at'] as const;
export const DEPLOY_TEMPLATE_SORT_KEYS = ['id', 'uuid', 'name', 'created_at', 'updated_at'] as const;

/** Columns a node's history may be sorted by ('id' is insertion order). */
export const HISTORY_SORT_KEYS = ['id', 'uuid', 'created_at', 'severity', 'event_type'] as const;

/** Node history (1.78): append-only, newest kept, oldest pruned by the caller's policy. */
export interface HistoryRepository {
  add(event: HistoryEvent): Promise<void>;
  list(nodeUuid: string, page: Page): Promise<HistoryEvent[]>;
  get(uuid: string): Promise<HistoryEvent | undefined>;
  /** Keeps the newest `keep` events of the node; returns how many were removed. */
  prune(nodeUuid: string, keep: number): Promise<number>;
}

/** Registered conductors and their heartbeats. */
export interface ConductorRepository {
  /** Inserts or refreshes this conductor (online, heartbeat now). */
  register(record: Omit<ConductorRecord, 'created_at' | 'updated_at' | 'online'>, nowIso: string): Promise<void>;
  /** Refreshes `updated_at`; re-registers if the row vanished. */
  heartbeat(hostname: string, nowIso: string): Promise<void>;
  /** Marks the conductor offline (graceful stop). */
  unregister(hostname: string): Promise<void>;
  list(): Promise<ConductorRecord[]>;
}

/**
 * Kinds of data gathered from a node's hardware, one value each: Ironic's node_inventory (inventory_data,
 * plugin_data), bios_settings and firmware_information tables.
 */
export const NODE_DATA_KINDS = ['inventory', 'plugin_data', 'bios', 'firmware'] as const;
export type NodeDataKind = (typeof NODE_DATA_KINDS)[number];

/** One stored value of a node. `created_at` is the first put, `updated_at` the last one that replaced it. */
export interface NodeDataRecord {
  node_uuid: string;
  kind: NodeDataKind;
  value: JsonValue;
  created_at: string;
  updated_at: string | null;
}

/** Per-node hardware data (inventory, BIOS settings, firmware components); deleted with the node. */
export interface NodeDataRepository {
  /** Stores `value` as the node's `kind`, replacing any previous one. Throws NodeNotFound for an unknown node. */
  put(nodeUuid: string, kind: NodeDataKind, value: JsonValue, nowIso: string): Promise<NodeDataRecord>;
  /** The stored value, or undefined when there is none. */
  get(nodeUuid: string, kind: NodeDataKind): Promise<NodeDataRecord | undefined>;
  /** Removes one kind, or every kind when `kind` is absent; resolves to how many values were removed. */
  delete(nodeUuid: string, kind?: NodeDataKind): Promise<number>;
}

/** One DHCP lease (RFC 2131 §4.3): an IPv4 address bound to a client until `expires_at`. */
export interface LeaseRecord {
  /** Dotted-quad IPv4 address; one lease per address. */
  address: string;
  /** Canonical MAC of the client, or null for non-Ethernet clients. */
  mac: string | null;
  /** The lease key: option 61 in hex, or hardware type + MAC (RFC 2132 §9.14). */
  client_id: string;
  /** Option 12 as the client sent it, if it did. */
  hostname: string | null;
  /** ISO 8601 expiry (isoTimestamp), compared as text: every writer uses the same format. */
  expires_at: string;
}

/** DHCP leases, so that a restarted conductor keeps handing clients the addresses they hold. */
export interface LeaseRepository {
  /** Every stored lease, expired ones included, in address order. */
  list(): Promise<LeaseRecord[]>;
  /** Stores the lease of its address, replacing any previous one there. */
  put(lease: LeaseRecord): Promise<void>;
  /** Removes the lease of an address; resolves to whether there was one. */
  delete(address: string): Promise<boolean>;
  /** Removes leases whose `expires_at` is at or before `nowIso`; resolves to how many. */
  deleteExpired(nowIso: string): Promise<number>;
}

/** Everything the conductor persists, behind one handle. */
export interface Store {
  readonly nodes: NodeRepository;
  readonly ports: Collection<PortRecord, PortFilters>;
  readonly portgroups: Collection<PortgroupRecord, PortgroupFilters>;
  readonly chassis: Collection<ChassisRecord, ChassisFilters>;
  readonly allocations: Collection<AllocationRecord, AllocationFilters>;
  readonly deployTemplates: Collection<DeployTemplateRecord, DeployTemplateFilters>;
  readonly history: HistoryRepository;
  readonly conductors: ConductorRepository;
  readonly nodeData: NodeDataRepository;
  readonly leases: LeaseRepository;
  /** 'memory' | 'sqlite' | 'postgres', for logs and /metrics. */
  readonly kind: string;
  close(): Promise<void>;
}
