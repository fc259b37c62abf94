// The wire protocol between the conductor and the agent in the ramdisk: ironic-python-agent's, so that
// Ferro's conductor can drive Ferro's agent and IPA alike, and Ferro's agent can call back to Ironic
// (ironic.md §1.2 lookup/heartbeat/continue_inspection, §5.1 agent REST API, §5.4 inventory, §5.5 token).
import type { JsonObject } from './node.js';

/** The agent's REST port (`ipa-listen-port`). */
export const AGENT_PORT = 9999;

/** API microversion the agent asks for on lookup (IPA: min(server, 1.62)) and heartbeat (min(server, 1.68)). */
export const AGENT_LOOKUP_VERSION = '1.62';
export const AGENT_HEARTBEAT_VERSION = '1.68';
/** Heartbeats that carry agent_status/agent_status_message need 1.72 (Ironic rejects those fields below it). */
export const AGENT_STATUS_HEARTBEAT_VERSION = '1.72';

/** What lookup returns in place of the token once it has been handed out (Ironic's masking). */
export const MASKED_TOKEN = '******';

/** driver_internal_info keys the agent protocol owns (Ironic's names). */
export const AgentInfoKey = {
  Url: 'agent_url',
  Token: 'agent_secret_token',
  TokenPregenerated: 'agent_secret_token_pregenerated',
  LastHeartbeat: 'agent_last_heartbeat',
  Version: 'agent_version',
  /** PEM of the agent's self-signed certificate, sent with the first heartbeat over TLS (1.68). */
  VerifyCa: 'agent_verify_ca',
  /** Ferro: sha256 fingerprint of that certificate, pinned for every conductor -> agent call. */
  CertFingerprint: 'agent_cert_sha256',
  /** Ferro: the last status message the agent reported (heartbeat agent_status_message), for last_error. */
  LastStatus: 'agent_last_status',
  CachedSteps: { deploy: 'agent_cached_deploy_steps', clean: 'agent_cached_clean_steps', service: 'agent_cached_service_steps' },
  /** Ironic: hardware managers and versions from the last get_*_steps, sent back as clean_version & co. */
  HardwareManagerVersion: 'hardware_manager_version',
  /** Ferro: the in-band command the current step waits for ({id, name, step}); cleared when it ends. */
  PendingCommand: 'agent_pending_command',
  /** Ferro: firmware components the agent last reported (AgentFirmwareComponent[]), read by the `agent` firmware interface. */
  FirmwareComponents: 'agent_firmware_components',
} as const;

/**
 * Ferro's in-band firmware (no IPA equivalent): a component as the agent reports it. The `firmware.update`
 * step's result is `{firmware_components: AgentFirmwareComponent[]}` (previous_version: before the update);
 * continue_inspection plugin data may carry the same key.
 */
export interface AgentFirmwareComponent {
  component: string;
  current_version: string;
  previous_version?: string;
}

/** `log.collect_system_logs` command_result: a base64 gzipped tarball (IPA). */
export interface AgentSystemLogsResult {
  system_logs: string;
}

/** GET /v1/lookup?addresses=mac1,mac2[&node_uuid=] response body. */
export interface LookupResponse {
  node: { uuid: string; properties: JsonObject; instance_info: JsonObject; driver_internal_info: JsonObject; links?: JsonObject[] };
  config: {
    heartbeat_timeout: number;
    /** The one-time token on the first lookup of a ramdisk session, MASKED_TOKEN afterwards. */
    agent_token: string;
    agent_token_required: true;
    [key: string]: unknown;
  };
}

/** Heartbeat `agent_status` (1.72). */
export type AgentStatus = 'start' | 'end' | 'error';

/** POST /v1/heartbeat/{node_ident} body. */
export interface HeartbeatRequest {
  /** `https://<ip>:9999` (or http when TLS is off). */
  callback_url: string;
  agent_version: string;
  agent_token: string;
  /** PEM of the agent's certificate when callback_url is https (1.68). */
  agent_verify_ca?: string;
  agent_status?: AgentStatus;
  /** Free text: what the agent is doing, e.g. "write_image: 412 of 2048 MiB (20%)" (1.72). */
  agent_status_message?: string;
}

/** IPA's command status values. */
export type AgentCommandStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CLEAN_VERSION_MISMATCH';

/** POST /v1/commands/?agent_token=T[&wait=true] body: `<extension>.<command>` with its parameters. */
export interface AgentCommandRequest {
  name: string;
  params: JsonObject;
}

/** An error as the agent reports it inside a command result (IPA RESTError shape). */
export interface AgentCommandError {
  type: string;
  code: number;
  message: string;
  details: string;
}

/** One command result (GET /v1/commands/ lists them in order; POST returns the new one). */
export interface AgentCommandResult {
  id: string;
  command_name: string;
  command_status: AgentCommandStatus;
  command_error: AgentCommandError | null;
  command_result: JsonObject | null;
}

/** GET /v1/commands/ body. */
export interface AgentCommandList {
  commands: AgentCommandResult[];
}

/** Error body of the agent API (IPA: faultcode/faultstring; 401 "Token invalid.", 409 AgentIsBusy). */
export interface AgentFault {
  faultcode: 'Client' | 'Server';
  faultstring: string;
  details?: string;
}

/** A step as the agent lists it (get_clean_steps / get_deploy_steps result, per hardware manager). */
export interface AgentStep {
  step: string;
  priority: number;
  interface: 'deploy' | 'raid' | 'firmware' | 'bios' | 'management';
  reboot_requested: boolean;
  abortable?: boolean;
  argsinfo?: JsonObject | null;
  requires_ramdisk?: boolean;
}

/** `get_*_steps` command_result: steps per hardware manager, plus the managers and their versions. */
export interface AgentStepsResult {
  /** Ferro's agent sends one flattened, de-duplicated list under the key "ferro" as well as per manager. */
  clean_steps?: Record<string, AgentStep[]>;
  deploy_steps?: Record<string, AgentStep[]>;
  service_steps?: Record<string, AgentStep[]>;
  hardware_manager_version: Record<string, string>;
}

// ---- Inventory (IPA list_hardware_info; stored by the conductor and served at /v1/nodes/{id}/inventory) ----

/** A NIC (IPA NetworkInterface). */
export interface InventoryInterface {
  name: string;
  mac_address: string;
  ipv4_address: string | null;
  ipv6_address: string | null;
  has_carrier: boolean;
  lldp: Array<[number, string]> | null;
  vendor: string | null;
  product: string | null;
  client_id: string | null;
  biosdevname: string | null;
  speed_mbps: number | null;
  pci_address: string | null;
  driver: string | null;
}

/** A block device (IPA BlockDevice); size in bytes. */
export interface InventoryDisk {
  name: string;
  model: string;
  size: number;
  rotational: boolean;
  wwn: string | null;
  serial: string | null;
  vendor: string | null;
  wwn_with_extension: string | null;
  wwn_vendor_extension: string | null;
  hctl: string | null;
  by_path: string | null;
  uuid?: string | null;
  partuuid?: string | null;
  logical_sectors?: number | null;
  physical_sectors?: number | null;
  tran?: string | null;
}

/** The whole inventory (ironic.md §5.4). */
export interface Inventory {
  interfaces: InventoryInterface[];
  cpu: { model_name: string; frequency: string; count: number; architecture: string; flags: string[]; socket_count?: number };
  disks: InventoryDisk[];
  memory: { total: number; physical_mb: number };
  bmc_address: string | null;
  bmc_v6address: string | null;
  bmc_mac?: string | null;
  system_vendor: {
    product_name: string; serial_number: string; manufacturer: string;
    firmware: { vendor: string; version: string; build_date: string };
  };
  boot: { current_boot_mode: 'uefi' | 'bios'; pxe_interface: string | null };
  hostname: string;
}

/** POST /v1/continue_inspection body: the inventory plus plugin data (everything else). */
export interface ContinueInspectionRequest {
  inventory: Inventory;
  [pluginKey: string]: unknown;
}
