/**
 * Node fields as the API shows them, in Ironic's output order, with the microversion that introduced
 * each (ironic api/controllers/v1/utils.py VERSIONED_FIELDS). A field newer than the request is hidden
 * from output and refused (406) in bodies and `fields=`.
 */
export const NODE_FIELD_VERSIONS: ReadonlyArray<readonly [string, number]> = [
  ['uuid', 1], ['created_at', 1], ['updated_at', 1], ['automated_clean', 47], ['bios_interface', 40],
  ['boot_interface', 31], ['boot_mode', 75], ['clean_step', 7], ['conductor_group', 46], ['console_enabled', 1],
  ['console_interface', 31], ['deploy_interface', 31], ['deploy_step', 44], ['description', 51], ['driver', 1],
  ['driver_info', 1], ['driver_internal_info', 3], ['extra', 1], ['fault', 42], ['firmware_interface', 86],
  ['inspection_finished_at', 6], ['inspection_started_at', 6], ['inspect_interface', 31], ['instance_info', 1],
  ['instance_uuid', 1], ['last_error', 1], ['lessee', 65], ['maintenance', 1], ['maintenance_reason', 1],
  ['management_interface', 31], ['name', 5], ['network_data', 66], ['network_interface', 20], ['owner', 50],
  ['parent_node', 83], ['power_interface', 31], ['power_state', 1], ['properties', 1], ['protected', 48],
  ['protected_reason', 48], ['provision_state', 1], ['provision_updated_at', 1], ['raid_config', 12],
  ['raid_interface', 31], ['rescue_interface', 38], ['reservation', 1], ['resource_class', 21], ['retired', 61],
  ['retired_reason', 61], ['secure_boot', 75], ['service_step', 87], ['shard', 82], ['storage_interface', 33],
  ['target_power_state', 1], ['target_provision_state', 1], ['target_raid_config', 12], ['traits', 37],
  ['vendor_interface', 31],
  // After the links in Ironic's output.
  ['conductor', 49], ['allocation_uuid', 52], ['chassis_uuid', 1],
];

/** Field name -> minimum minor version, for `fields=` checks. */
export const NODE_FIELD_MIN: ReadonlyMap<string, number> = new Map(NODE_FIELD_VERSIONS);

/** Fields shown by `GET /v1/nodes` without detail. */
export const NODE_LIST_FIELDS: ReadonlySet<string> = new Set([
  'uuid', 'name', 'instance_uuid', 'power_state', 'provision_state', 'maintenance',
]);

/** JSON columns: real fields, but not sortable (Ironic's first sort_key message). */
export const NODE_JSON_FIELDS = [
  'driver_info', 'driver_internal_info', 'extra', 'instance_info', 'properties', 'clean_step', 'deploy_step',
  'service_step', 'raid_config', 'target_raid_config', 'traits', 'network_data',
] as const;

/** Interface fields with the version that introduced each (network 1.20, storage 1.33 ...). */
export const INTERFACE_FIELD_VERSIONS: ReadonlyArray<readonly [string, number]> = NODE_FIELD_VERSIONS.filter(
  ([name]) => name.endsWith('_interface'),
);

/** Provision states in which PATCH is allowed while a transition is pending (UPDATE_ALLOWED_STATES). */
export const UPDATE_ALLOWED_STATES: ReadonlySet<string> = new Set([
  'deploy failed', 'inspecting', 'inspect failed', 'inspect wait', 'clean failed', 'error', 'verifying',
  'adopt failed', 'rescue failed', 'unrescue failed', 'service', 'service hold', 'service failed',
]);

/** States a node may be deleted from outside maintenance (DELETE_ALLOWED_STATES + available). */
export const DELETE_ALLOWED_STATES: ReadonlySet<string> = new Set(['manageable', 'enroll', 'adopt failed', 'available']);
