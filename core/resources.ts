import type { JsonObject } from './node.js';

/** A NIC of a node (ironic/objects/port.py). */
export interface PortRecord {
  uuid: string;
  address: string; // lower-case MAC, colon separated
  node_uuid: string;
  portgroup_uuid: string | null;
  pxe_enabled: boolean;
  local_link_connection: JsonObject;
  physical_network: string | null;
  is_smartnic: boolean;
  name: string | null;
  extra: JsonObject;
  internal_info: JsonObject;
  created_at: string;
  updated_at: string | null;
}

/** A bond of ports (ironic/objects/portgroup.py). */
export interface PortgroupRecord {
  uuid: string;
  name: string | null;
  address: string | null;
  node_uuid: string;
  mode: string | null;
  properties: JsonObject;
  standalone_ports_supported: boolean;
  extra: JsonObject;
  internal_info: JsonObject;
  created_at: string;
  updated_at: string | null;
}

/** A chassis groups nodes (ironic/objects/chassis.py). */
export interface ChassisRecord {
  uuid: string;
  description: string | null;
  extra: JsonObject;
  created_at: string;
  updated_at: string | null;
}

/** Allocation states (ironic/common/states.py ALLOCATING/ACTIVE/ERROR). */
export type AllocationState = 'allocating' | 'active' | 'error';

/** A request for a node matching a resource class and traits (ironic/objects/allocation.py). */
export interface AllocationRecord {
  uuid: string;
  name: string | null;
  node_uuid: string | null;
  state: AllocationState;
  last_error: string | null;
  resource_class: string;
  traits: string[];
  candidate_nodes: string[];
  extra: JsonObject;
  owner: string | null;
  created_at: string;
  updated_at: string | null;
}

/** One step of a deploy template. */
export interface DeployTemplateStep {
  interface: string;
  step: string;
  args: JsonObject;
  priority: number;
}

/** Steps applied at deploy time when a node's instance traits name the template (1.55). */
export interface DeployTemplateRecord {
  uuid: string;
  name: string;
  steps: DeployTemplateStep[];
  extra: JsonObject;
  created_at: string;
  updated_at: string | null;
}

/** Severity of a node history event. */
export type HistorySeverity = 'INFO' | 'WARNING' | 'ERROR';

/** One entry of a node's history (1.78). */
export interface HistoryEvent {
  uuid: string;
  node_uuid: string;
  created_at: string;
  severity: HistorySeverity;
  event_type: string;
  event: string;
  conductor: string | null;
  user: string | null;
}

/** A registered conductor process (the conductors table). */
export interface ConductorRecord {
  hostname: string;
  conductor_group: string;
  drivers: string[];
  online: boolean;
  created_at: string;
  updated_at: string; // last heartbeat
}
