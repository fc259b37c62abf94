import type { PowerState, PowerTarget, BootMode } from './power-states.js';
import type { ProvisionState } from './provision-states.js';

/** A JSON object as stored in dict fields (driver_info, properties, extra ...). */
export type JsonObject = { [key: string]: JsonValue };
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** Ironic's driver interfaces, in the order the API lists them. */
export const INTERFACE_NAMES = [
  'bios', 'boot', 'console', 'deploy', 'firmware', 'inspect', 'management', 'network', 'power', 'raid',
  'rescue', 'storage', 'vendor',
] as const;
export type InterfaceName = (typeof INTERFACE_NAMES)[number];
/** The node field naming the implementation of each interface (`power_interface` ...). */
export type InterfaceField = `${InterfaceName}_interface`;

/**
 * A node as persisted, with Ironic's field names (they are the wire format; ironic/objects/node.py).
 * `version` is ours: it grows on every write, for compare-and-set updates.
 */
export interface NodeRecord extends Record<InterfaceField, string | null> {
  uuid: string;
  name: string | null;
  driver: string;
  driver_info: JsonObject;
  driver_internal_info: JsonObject;
  instance_info: JsonObject;
  instance_uuid: string | null;
  properties: JsonObject;
  extra: JsonObject;
  chassis_uuid: string | null;
  provision_state: ProvisionState;
  target_provision_state: string | null;
  provision_updated_at: string | null;
  power_state: PowerState | null;
  target_power_state: PowerTarget | null;
  maintenance: boolean;
  maintenance_reason: string | null;
  fault: string | null;
  last_error: string | null;
  reservation: string | null;
  conductor_affinity: string | null;
  conductor_group: string;
  shard: string | null;
  resource_class: string | null;
  traits: string[];
  owner: string | null;
  lessee: string | null;
  description: string | null;
  automated_clean: boolean | null;
  protected: boolean;
  protected_reason: string | null;
  retired: boolean;
  retired_reason: string | null;
  console_enabled: boolean;
  clean_step: JsonObject;
  deploy_step: JsonObject;
  service_step: JsonObject;
  raid_config: JsonObject;
  target_raid_config: JsonObject;
  boot_mode: BootMode | null;
  secure_boot: boolean | null;
  inspection_started_at: string | null;
  inspection_finished_at: string | null;
  network_data: JsonObject;
  allocation_uuid: string | null;
  parent_node: string | null;
  disable_power_off: boolean;
  created_at: string;
  updated_at: string | null;
  version: number;
}

/** Fields every new node starts with; callers overlay what the request gave. */
export function newNode(fields: Pick<NodeRecord, 'uuid' | 'driver' | 'provision_state' | 'created_at'> & Partial<NodeRecord>): NodeRecord {
  return {
    name: null, driver_info: {}, driver_internal_info: {}, instance_info: {}, instance_uuid: null, properties: {},
    extra: {}, chassis_uuid: null, target_provision_state: null, provision_updated_at: null, power_state: null,
    target_power_state: null, maintenance: false, maintenance_reason: null, fault: null, last_error: null,
    reservation: null, conductor_affinity: null, conductor_group: '', shard: null, resource_class: null, traits: [],
    owner: null, lessee: null, description: null, automated_clean: null, protected: false, protected_reason: null,
    retired: false, retired_reason: null, console_enabled: false, clean_step: {}, deploy_step: {}, service_step: {},
    raid_config: {}, target_raid_config: {}, boot_mode: null, secure_boot: null, inspection_started_at: null,
    inspection_finished_at: null, network_data: {}, allocation_uuid: null, parent_node: null, disable_power_off: false,
    updated_at: null, version: 0,
    bios_interface: null, boot_interface: null, console_interface: null, deploy_interface: null,
    firmware_interface: null, inspect_interface: null, management_interface: null, network_interface: null,
    power_interface: null, raid_interface: null, rescue_interface: null, storage_interface: null,
    vendor_interface: null,
    ...fields,
  };
}

/** The smallest view of a node that drivers need. */
export type NodeRef = Pick<NodeRecord, 'uuid' | 'name' | 'driver' | 'driver_info' | 'driver_internal_info' | 'properties' | 'instance_info'>;
