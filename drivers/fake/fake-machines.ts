import {
  BootDevice, PowerState, PowerStateFailure, type BootMode, type Clock, type JsonObject, type NodeRef,
} from '../../core/index.js';
import type { BiosSetting, FirmwareComponent, RamdiskPurpose } from '../interfaces/index.js';

/** Delays that make fake hardware feel like real hardware; every one defaults to 0 and honours AbortSignal. */
export interface FakeDelays {
  powerDelayMs?: number;
  managementDelayMs?: number;
  bootDelayMs?: number;
  deployDelayMs?: number;
  cleanDelayMs?: number;
  inspectDelayMs?: number;
  rescueDelayMs?: number;
  serviceDelayMs?: number;
}

/** Options of the fake-hardware adapters. */
export interface FakeOptions extends FakeDelays {
  clock: Clock;
}

/** The simulated state of one machine. */
export interface FakeMachine {
  power: PowerState;
  bootDevice: BootDevice;
  persistent: boolean;
  bootMode: BootMode;
  secureBoot: boolean;
  nmiCount: number;
  /** When false every BMC call fails, as an unplugged BMC would. */
  reachable: boolean;
  ramdisk: RamdiskPurpose | null;
  instanceBootReady: boolean;
  consoleOn: boolean;
  bios: BiosSetting[];
  firmware: FirmwareComponent[];
}

const DEFAULT_BIOS: readonly BiosSetting[] = [
  { name: 'BootMode', value: 'Uefi' }, { name: 'ProcVirtualization', value: 'Enabled' }, { name: 'SriovGlobalEnable', value: 'Disabled' },
];

/**
 * The machines behind the fake BMCs, shared by every fake interface of one conductor so that power,
 * boot device and deploy agree. Tests and demos use `machine()` and `setReachable()` to look or break in.
 */
export class FakeMachines {
  private readonly machines = new Map<string, FakeMachine>();
  constructor(readonly options: FakeOptions) {}

  /** The machine of `uuid`, created powered off on first use. */
  machine(uuid: string): FakeMachine {
    let machine = this.machines.get(uuid);
    if (!machine) {
      machine = {
        power: PowerState.Off, bootDevice: BootDevice.Pxe, persistent: false, bootMode: 'uefi', secureBoot: false,
        nmiCount: 0, reachable: true, ramdisk: null, instanceBootReady: false, consoleOn: false,
        bios: DEFAULT_BIOS.map((s) => ({ ...s })),
        firmware: [{ component: 'bios', initial_version: '1.0.0', current_version: '1.0.0' },
          { component: 'bmc', initial_version: '2.0.0', current_version: '2.0.0' }],
      };
      this.machines.set(uuid, machine);
    }
    return machine;
  }

  /** Makes the BMC of `uuid` stop (false) or start (true) answering. */
  setReachable(uuid: string, reachable: boolean): void {
    this.machine(uuid).reachable = reachable;
  }

  /** The machine, after checking that its BMC answers; throws PowerStateFailure like an unreachable BMC. */
  bmc(node: NodeRef): FakeMachine {
    const machine = this.machine(node.uuid);
    if (!machine.reachable || node.driver_info['fake_power_failure'] === true) {
      throw new PowerStateFailure(`Fake BMC of node ${node.uuid} does not answer.`);
    }
    return machine;
  }

  /** Waits `ms` through the clock, so a test clock controls it and an abort stops it. */
  async delay(ms: number | undefined, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (ms !== undefined && ms > 0) await this.options.clock.sleep(ms, signal);
  }
}

/** A stable, locally administered MAC for a node's fake NIC (52:54:00 is QEMU's prefix). */
export function fakeMacAddress(uuid: string, nic = 0): string {
  const hex = uuid.replace(/-/g, '');
  const bytes = [hex.slice(0, 2), hex.slice(2, 4), (parseInt(hex.slice(4, 6), 16) ^ nic).toString(16).padStart(2, '0')];
  return `52:54:00:${bytes.join(':')}`;
}

/** A number from driver_info, else `fallback` (strings such as "8" are accepted, as Ironic's clients send them). */
export function driverInfoNumber(info: JsonObject, key: string, fallback: number): number {
  const value = info[key];
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : fallback;
}
