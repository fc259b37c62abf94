import {
  BaremetalError,
  type BootDevice,
  type BootMode,
  type Clock,
  type JsonValue,
  type NodeRef,
} from '../../core/index.js';
import type { IpmiFlavour } from './driver-info.js';
import type { IpmiCommandRunner } from './ipmi-client.js';
import { IpmiError } from './ipmi-error.js';

/** A boot device remembered for a node with ipmi_force_boot_device (Ironic keeps it in driver_internal_info). */
export interface RememberedBootDevice {
  device: BootDevice;
  persistent: boolean;
  efi: boolean;
}

/** What IpmiPower and IpmiManagement share: how commands reach the BMC, time, and remembered boot devices. */
export interface IpmiInterfaceDeps {
  runner: IpmiCommandRunner;
  flavour: IpmiFlavour;
  clock: Clock;
  /** Per node UUID; shared by the power and management interfaces of one flavour. */
  forcedBootDevices: Map<string, RememberedBootDevice>;
  /** Poll period while waiting for a machine to power off (reboot, soft power off). */
  powerPollIntervalMs: number;
  /** Bound of that wait when the conductor passes no timeout (Ironic's soft_power_off_timeout is 600 s). */
  powerOffTimeoutMs: number;
}

/**
 * Ironic's boot mode for a node (boot_mode_utils.get_boot_mode): instance_info.deploy_boot_mode, then the
 * boot_mode capability, then UEFI, Ironic's default since 2023.
 */
export function bootModeOf(node: NodeRef): BootMode {
  const fromInstance = node.instance_info['deploy_boot_mode'];
  if (fromInstance === 'uefi' || fromInstance === 'bios') return fromInstance;
  const capability = capabilityOf(node.properties['capabilities'], 'boot_mode');
  return capability === 'bios' ? 'bios' : 'uefi';
}

/** A capability from Ironic's `key:value,key:value` string (or an object, as some clients store it). */
function capabilityOf(capabilities: JsonValue | undefined, key: string): string | undefined {
  if (typeof capabilities === 'string') {
    const pair = capabilities
      .split(',')
      .map((item) => item.split(':'))
      .find(([name]) => name?.trim() === key);
    return pair?.[1]?.trim();
  }
  if (capabilities !== null && typeof capabilities === 'object' && !Array.isArray(capabilities)) {
    const value = capabilities[key];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/**
 * Adds which node and what we were doing to an IPMI failure, keeping its code, kind and cause. Aborts and
 * our own validation errors pass through unchanged.
 */
export function inNodeContext(error: unknown, nodeUuid: string, action: string): unknown {
  if (!(error instanceof IpmiError))
    return error instanceof BaremetalError || !(error instanceof Error) ? error : wrapUnknown(error, nodeUuid, action);
  return new IpmiError(error.kind, `IPMI ${action} for node ${nodeUuid} failed: ${error.message}`, {
    cause: error,
    ...(error.completionCode === undefined ? {} : { completionCode: error.completionCode }),
  });
}

function wrapUnknown(error: Error, nodeUuid: string, action: string): Error {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return error;
  // Socket errors (EPERM, ENETUNREACH ...) are protocol failures at our edge too.
  return new IpmiError('session', `IPMI ${action} for node ${nodeUuid} failed: ${error.message}`, { cause: error });
}
