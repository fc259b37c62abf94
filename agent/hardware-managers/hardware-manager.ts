import type { AgentStep, InventoryDisk, JsonObject, JsonValue } from '../../core/index.js';

/**
 * How well a hardware manager fits this machine (IPA's HardwareSupport): managers returning None are dropped,
 * the rest are asked most specific first.
 */
export const HardwareSupport = { None: 0, Generic: 1, Mainline: 2, ServiceProvider: 3 } as const;
export type HardwareSupport = (typeof HardwareSupport)[keyof typeof HardwareSupport];

/** Everything a manager method needs besides its arguments (STYLE §4: passed in, never global). */
export interface ManagerContext {
  /** The node as the conductor sent it with the command (uuid, properties, instance_info, driver_info …). */
  node: JsonObject;
  /** The node's ports as the conductor sent them. */
  ports: JsonObject[];
  /** Aborted when the agent stops or the command is cancelled. */
  signal: AbortSignal;
  /** Reports progress of a long step ("write_image: 412 of 2048 MiB"); sent with the next heartbeat. */
  progress: (message: string) => void;
}

/** A step a manager offers, with its implementation. */
export interface ManagerStep extends AgentStep {
  /** Runs the step with the step's args; the result becomes command_result. */
  run(args: JsonObject, ctx: ManagerContext): Promise<JsonValue>;
}

/** A firmware component a manager can report and update (Ferro's in-band firmware interface). */
export interface FirmwareComponentInfo {
  component: string;
  current_version: string;
}

/** An update request: the image URL and its checksum (sha256/sha512 hex, or `algo:hex`). */
export interface FirmwareUpdate {
  component: string;
  url: string;
  checksum: string;
  version?: string;
}

/**
 * A hardware manager plugin (IPA hardware.py HardwareManager): declares its support level and implements the
 * optional methods it can. The dispatcher asks the most specific manager first and skips absent methods.
 */
export interface HardwareManager {
  readonly name: string;
  readonly version: string;
  evaluateHardwareSupport(): Promise<HardwareSupport>;
  /** Steps by kind; the dispatcher merges them across managers (higher support wins a name). */
  getCleanSteps?(ctx: ManagerContext): Promise<ManagerStep[]>;
  getDeploySteps?(ctx: ManagerContext): Promise<ManagerStep[]>;
  getServiceSteps?(ctx: ManagerContext): Promise<ManagerStep[]>;
  /** Disks as the inventory lists them (IPA list_block_devices). */
  listDisks?(): Promise<InventoryDisk[]>;
  /** The disk to write the image to, honouring root device hints (IPA get_os_install_device). */
  getOsInstallDevice?(rootDeviceHints: JsonObject | undefined): Promise<InventoryDisk>;
  listFirmwareComponents?(): Promise<FirmwareComponentInfo[]>;
  updateFirmware?(update: FirmwareUpdate, ctx: ManagerContext): Promise<FirmwareComponentInfo>;
}
