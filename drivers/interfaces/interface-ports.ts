import type { InterfaceName } from '../../core/index.js';
import type { BiosInterface } from './bios.js';
import type { BootInterface } from './boot.js';
import type { ConsoleInterface } from './console.js';
import type { DeployInterface } from './deploy.js';
import type { FirmwareInterface } from './firmware.js';
import type { InspectInterface } from './inspect.js';
import type { ManagementInterface } from './management.js';
import type { NetworkInterface } from './network.js';
import type { PowerInterface } from './power.js';
import type { RaidInterface } from './raid.js';
import type { RescueInterface } from './rescue.js';
import type { StorageInterface } from './storage.js';
import type { VendorInterface } from './vendor.js';

/** The port type of each driver interface. */
export interface InterfacePorts {
  bios: BiosInterface;
  boot: BootInterface;
  console: ConsoleInterface;
  deploy: DeployInterface;
  firmware: FirmwareInterface;
  inspect: InspectInterface;
  management: ManagementInterface;
  network: NetworkInterface;
  power: PowerInterface;
  raid: RaidInterface;
  rescue: RescueInterface;
  storage: StorageInterface;
  vendor: VendorInterface;
}

/** Implementations an adapter package offers: interface -> implementation name (`fake`, `ipmitool`) -> instance. */
export type Implementations = { [I in InterfaceName]?: Readonly<Record<string, InterfacePorts[I]>> };

/** The implementations chosen for one node (Ironic's `task.driver`), with their names. */
export type NodeInterfaces = { readonly [I in InterfaceName]: InterfacePorts[I] } & {
  readonly names: Readonly<Record<InterfaceName, string>>;
};
