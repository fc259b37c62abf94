import type { BootDevice, JsonObject, JsonValue, NodeRecord, PowerTarget } from '../../core/index.js';

/** Who asked, for history and logs. */
export interface Caller {
  /** The negotiated API microversion's minor number (1.N -> N). */
  apiMinor: number;
  user?: string | undefined;
  requestId?: string | undefined;
}

/** Body of `PUT /v1/nodes/{id}/states/provision`, already shape-checked by the API. */
export interface ProvisionRequest {
  target: string;
  configdrive?: JsonValue | undefined;
  clean_steps?: JsonObject[] | undefined;
  deploy_steps?: JsonObject[] | undefined;
  service_steps?: JsonObject[] | undefined;
  rescue_password?: string | undefined;
  disable_ramdisk?: boolean | undefined;
}

/** Result of `GET /v1/nodes/{id}/validate`: one entry per interface. */
export type ValidationResult = Record<string, { result: boolean | null; reason: string | null }>;

/** A hardware type as `GET /v1/drivers` shows it. */
export interface DriverInfo {
  name: string;
  hosts: string[];
  /** interface name -> enabled implementations, first is the default. */
  interfaces: Record<string, string[]>;
  /** driver_info keys this hardware type understands -> description. */
  properties: Record<string, string>;
}

/**
 * What the API asks of the conductor. Every method that changes a node reserves it first (NodeLocked
 * for the loser), validates the transition synchronously (errors are thrown before any change), and
 * returns once the request is accepted; long work continues in the background under the reservation.
 */
export interface NodeActions {
  /** Fills the node's *_interface fields with defaults and checks them; throws NoValidHost, DriverNotFound, InterfaceNotFoundInEntrypoint. */
  prepareNewNode(node: NodeRecord): NodeRecord;
  /** Re-checks driver and interfaces after a PATCH; `resetInterfaces` recomputes unset ones (1.45). */
  checkNodeUpdate(before: NodeRecord, after: NodeRecord, resetInterfaces: boolean): NodeRecord;
  provision(ident: string, request: ProvisionRequest, caller: Caller): Promise<void>;
  setPower(ident: string, target: PowerTarget, timeoutS: number | undefined, caller: Caller): Promise<void>;
  setMaintenance(ident: string, on: boolean, reason: string | null, caller: Caller): Promise<void>;
  validate(ident: string): Promise<ValidationResult>;
  getBootDevice(ident: string): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }>;
  setBootDevice(ident: string, device: BootDevice, persistent: boolean, caller: Caller): Promise<void>;
  getSupportedBootDevices(ident: string): Promise<BootDevice[]>;
  injectNmi(ident: string, caller: Caller): Promise<void>;
  setBootMode(ident: string, mode: 'uefi' | 'bios', caller: Caller): Promise<void>;
  setSecureBoot(ident: string, on: boolean, caller: Caller): Promise<void>;
  setRaidConfig(ident: string, config: JsonObject, caller: Caller): Promise<void>;
  listDrivers(): Promise<DriverInfo[]>;
}
