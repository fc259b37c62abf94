import type { BootRequest, MachineBackend } from './machine-backend.js';
import { QmpUnavailable, runQmp, type QmpCommand, type QmpSessionOptions } from './qmp-client.js';
import { runShellCommand } from './run-shell-command.js';

/** How the emulator reaches one QEMU VM (the lab's `run/vms/NODE/qmp.sock`). */
export interface QmpMachineOptions {
  readonly socketPath: string;
  /** Starts the VM when it is off: a quit QEMU has no QMP socket (e.g. `lab/vm.sh start node1`). */
  readonly powerOnCommand?: string;
  /**
   * Sets the boot device through the lab instead of QMP: `{device}` becomes network|disk|cd|none and `{once}`
   * becomes `--once` or nothing (e.g. `lab/vm.sh bootdev node1 {device} {once}`).
   */
  readonly bootDeviceCommand?: string;
  /** QOM paths per BootSourceOverrideTarget; default the lab's `nic0`, `disk0` (and `cd0`). */
  readonly bootDevices?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** How long to wait for QMP after the power-on command. */
  readonly startTimeoutMs?: number;
  /**
   * After the reset of a `Once` boot, how long no further RESET must come before the previous order is restored
   * (SeaBIOS resets the machine again right after a QMP reset; see `QmpSessionOptions.settleMs`). Default 1000.
   */
  readonly resetSettleMs?: number;
}

const DEFAULT_DEVICES: Readonly<Record<string, string>> = {
  Pxe: '/machine/peripheral/nic0',
  Hdd: '/machine/peripheral/disk0',
  Cd: '/machine/peripheral/cd0',
};
const LAB_DEVICE_NAMES: Readonly<Record<string, string>> = { Pxe: 'network', Hdd: 'disk', Cd: 'cd' };

/**
 * A QEMU VM as the machine behind a ComputerSystem, mapped the way `lab/vm.sh` does it: power = the QEMU
 * process (QMP `quit`, `system_reset`, `system_powerdown`, `inject-nmi`), boot device = per-device `bootindex`
 * changed with `qom-set`, which QEMU applies at the next reset.
 */
export function createQmpMachine(systemPath: string, options: QmpMachineOptions): MachineBackend {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const devices = options.bootDevices ?? DEFAULT_DEVICES;
  const qmp: RunCommands = (commands, wait) => runQmp(options.socketPath, commands, { timeoutMs, ...wait });
  let lastKnown: 'On' | 'Off' = 'Off';
  const readPowerState = async (): Promise<'On' | 'Off'> => {
    try {
      const [status] = (await runQmp(options.socketPath, [{ execute: 'query-status' }], { timeoutMs })) as [unknown];
      lastKnown =
        typeof status === 'object' && status !== null && 'status' in status && status.status === 'shutdown'
          ? 'Off'
          : 'On';
    } catch (error) {
      // Unavailable means powered off; any other failure (QMP busy with another client) keeps the last answer.
      if (error instanceof QmpUnavailable) lastKnown = 'Off';
    }
    return lastKnown;
  };
  const boot = createBootOrder(devices, options, qmp);
  return {
    systemPath,
    readPowerState,
    async powerOn(request) {
      if ((await readPowerState()) === 'On') return;
      if (options.powerOnCommand === undefined)
        throw new Error('the VM is off and no power-on command is configured (--power-on-command)');
      if (options.bootDeviceCommand !== undefined && request !== undefined) await boot.viaCommand(request);
      await runShellCommand(options.powerOnCommand, options.startTimeoutMs ?? 60_000);
      await waitForQmp(readPowerState, options.startTimeoutMs ?? 30_000);
      // QEMU fixed the boot order when it started; a reset makes the firmware read the new one.
      if (options.bootDeviceCommand === undefined && request !== undefined) await boot.resetInto(request);
    },
    async powerOff() {
      await qmp([{ execute: 'quit' }]).catch(ignoreUnavailable);
    },
    async shutdown() {
      await qmp([{ execute: 'system_powerdown' }]);
    },
    async nmi() {
      await qmp([{ execute: 'inject-nmi' }]);
    },
    async reset(request) {
      if (request === undefined) await qmp([{ execute: 'system_reset' }]);
      else await boot.resetInto(request);
    },
    async setBootOverride(request) {
      if (options.bootDeviceCommand !== undefined) await boot.viaCommand(request);
      else if ((await readPowerState()) === 'On' && request !== undefined) await boot.apply(request.target);
    },
  };
}

/** One QMP session with the machine's socket and timeout. */
type RunCommands = (
  commands: QmpCommand[],
  wait?: Pick<QmpSessionOptions, 'waitForEvent' | 'settleMs'>,
) => Promise<unknown>;

function ignoreUnavailable(error: unknown): void {
  if (!(error instanceof QmpUnavailable)) throw error;
}

async function waitForQmp(read: () => Promise<'On' | 'Off'>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await read()) === 'On') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`QEMU did not answer on QMP within ${timeoutMs} ms after the power-on command`);
}

/** Boot order changes: through the lab's command, or with `qom-set bootindex` as vm.sh's apply_bootindex does. */
function createBootOrder(devices: Readonly<Record<string, string>>, options: QmpMachineOptions, qmp: RunCommands) {
  let original: Map<string, number> | undefined;
  const readOrder = async (): Promise<Map<string, number>> => {
    const order = new Map<string, number>();
    for (const path of Object.values(devices)) {
      const value = await qmp([{ execute: 'qom-get', arguments: { path, property: 'bootindex' } }]).catch(
        () => undefined,
      );
      const index: unknown = Array.isArray(value) ? (value as unknown[])[0] : undefined;
      if (typeof index === 'number') order.set(path, index);
    }
    return order;
  };
  const setOrder = async (order: Map<string, number>): Promise<void> => {
    // QEMU refuses a bootindex another device holds: park every device on a free value first.
    const park = [...order.keys()].map((path, index) => ({
      execute: 'qom-set',
      arguments: { path, property: 'bootindex', value: 90 + index },
    }));
    const final = [...order].map(([path, value]) => ({
      execute: 'qom-set',
      arguments: { path, property: 'bootindex', value },
    }));
    await qmp([...park, ...final]);
  };
  const apply = async (target: string): Promise<void> => {
    const first = devices[target];
    original ??= await readOrder();
    if (first === undefined || !original.has(first)) return;
    const others = [...original.keys()].filter((path) => path !== first);
    await setOrder(new Map([[first, 1], ...others.map((path, index) => [path, index + 2] as const)]));
  };
  return {
    apply,
    async resetInto(request: BootRequest): Promise<void> {
      if (options.bootDeviceCommand !== undefined) await this.viaCommand(request);
      else await apply(request.target);
      if (!request.once) {
        await qmp([{ execute: 'system_reset' }], { waitForEvent: 'RESET' });
        return;
      }
      // Restoring the order too early would undo the override: the firmware's own resets rebuild `bootorder`.
      await qmp([{ execute: 'system_reset' }], { waitForEvent: 'RESET', settleMs: options.resetSettleMs ?? 1000 });
      if (options.bootDeviceCommand !== undefined) await this.viaCommand(undefined);
      else if (original !== undefined) await setOrder(original);
    },
    async viaCommand(request: BootRequest | undefined): Promise<void> {
      const command = options.bootDeviceCommand;
      if (command === undefined) return;
      const device = request === undefined ? 'none' : (LAB_DEVICE_NAMES[request.target] ?? 'none');
      const line = command.replaceAll('{device}', device).replaceAll('{once}', request?.once === true ? '--once' : '');
      await runShellCommand(line, options.timeoutMs ?? 10_000);
    },
  };
}
