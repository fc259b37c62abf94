import type { Clock, Logger } from '../../core/index.js';
import type { Implementations } from '../interfaces/index.js';
import { IpmiClient, type IpmiClientOptions } from './ipmi-client.js';
import type { IpmiInterfaceDeps, RememberedBootDevice } from './ipmi-interface-deps.js';
import { IpmiManagement } from './ipmi-management.js';
import { IpmiPower } from './ipmi-power.js';
import { createIpmitoolRunner, type IpmitoolRunnerOptions } from './ipmitool-runner.js';

export { IpmiClient, type BmcTarget, type IpmiClientOptions, type IpmiCommandRunner } from './ipmi-client.js';
export { IpmiPower } from './ipmi-power.js';
export { IpmiManagement } from './ipmi-management.js';
export { IpmiError, isIpmiError, type IpmiErrorKind } from './ipmi-error.js';
export { createIpmitoolRunner, type IpmitoolRunnerOptions } from './ipmitool-runner.js';
export { parseIpmiDriverInfo, type IpmiDriverInfo, type IpmiFlavour } from './driver-info.js';
export { NetFn, type IpmiRequest, type IpmiResponse } from './ipmi-message.js';
export {
  ChassisControl,
  chassisControlRequest,
  getChassisStatusRequest,
  getDeviceIdRequest,
  parseChassisStatus,
  parseDeviceId,
} from './chassis-commands.js';
export { runCommand } from './run-command.js';

/** Options of the IPMI adapters; main.ts fills them from the conductor's config. */
export interface IpmiImplementationOptions extends Omit<IpmiClientOptions, 'clock' | 'log'> {
  clock: Clock;
  log?: Logger | undefined;
  /** The `ipmitool-cli` subprocess runner. */
  ipmitool?: IpmitoolRunnerOptions | undefined;
  /** Poll period while waiting for power off in reboots and soft power off (default 1000 ms). */
  powerPollIntervalMs?: number | undefined;
  /** Bound of that wait when the conductor gives none (default 600 s, Ironic's soft_power_off_timeout). */
  powerOffTimeoutMs?: number | undefined;
}

/**
 * The IPMI power and management implementations: `ipmitool` is the native RMCP+ client (Ironic's interface
 * name, so enrollment files and Metal3 get it unchanged), `ipmitool-cli` runs the ipmitool program.
 * `close` ends every session and the sockets.
 */
export function createIpmiImplementations(options: IpmiImplementationOptions): {
  implementations: Implementations;
  client: IpmiClient;
  close(): Promise<void>;
} {
  const client = new IpmiClient(options);
  const shared = {
    clock: options.clock,
    powerPollIntervalMs: options.powerPollIntervalMs ?? 1_000,
    powerOffTimeoutMs: options.powerOffTimeoutMs ?? 600_000,
  };
  const native: IpmiInterfaceDeps = {
    ...shared,
    runner: client,
    flavour: 'native',
    forcedBootDevices: new Map<string, RememberedBootDevice>(),
  };
  const cli: IpmiInterfaceDeps = {
    ...shared,
    runner: createIpmitoolRunner(options.ipmitool),
    flavour: 'cli',
    forcedBootDevices: new Map<string, RememberedBootDevice>(),
  };
  return {
    client,
    implementations: {
      power: { ipmitool: new IpmiPower(native), 'ipmitool-cli': new IpmiPower(cli) },
      management: { ipmitool: new IpmiManagement(native), 'ipmitool-cli': new IpmiManagement(cli) },
    },
    close: () => client.close(),
  };
}
