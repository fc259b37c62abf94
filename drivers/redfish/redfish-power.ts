import { PowerStateFailure, PowerTarget, type NodeRef, type PowerState } from '../../core/index.js';
import type { DriverContext, PowerInterface } from '../interfaces/index.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { hasHttpStatus } from './redfish-failure.js';
import type { RedfishClientPool } from './redfish-client-pool.js';
import type { ResolvedRedfishOptions } from './redfish-options.js';
import { readSystem, type SystemHandle } from './redfish-system.js';
import { chooseResetType, parsePowerState, resetSystem, settledPowerState } from './system-reset.js';

/** ResetTypes per simple target, best first (Ironic redfish power SET_POWER_STATE_MAP; ForceOn as fallback). */
const RESET_TYPES = {
  on: ['On', 'ForceOn'],
  off: ['ForceOff'],
  // iLO offers no GracefulShutdown; a short PushPowerButton on a running machine asks the OS to shut down (ACPI).
  softOff: ['GracefulShutdown', 'PushPowerButton'],
  restart: ['ForceRestart'],
  softRestart: ['GracefulRestart'],
} as const;

/**
 * `redfish` power: `#ComputerSystem.Reset` with a ResetType the BMC allows, then reads PowerState back until
 * it settles (act, then verify). Reboots of a machine that is off just power it on, as Ironic does.
 */
export class RedfishPower implements PowerInterface {
  constructor(private readonly pool: RedfishClientPool, private readonly options: ResolvedRedfishOptions) {}

  validate(node: NodeRef): void {
    parseRedfishDriverInfo(node);
  }

  async getPowerState(node: NodeRef, ctx: DriverContext): Promise<PowerState> {
    return parsePowerState((await readSystem(this.pool, node, ctx)).system.body);
  }

  getSupportedPowerStates(): PowerTarget[] {
    return [PowerTarget.On, PowerTarget.Off, PowerTarget.Rebooting, PowerTarget.SoftRebooting, PowerTarget.SoftOff];
  }

  async setPowerState(node: NodeRef, target: PowerTarget, timeoutMs: number | undefined, ctx: DriverContext): Promise<void> {
    const handle = await readSystem(this.pool, node, ctx);
    const current = parsePowerState(handle.system.body);
    const isOff = current === 'power off';
    const waitMs = timeoutMs ?? this.options.powerWaitMs;
    switch (target) {
      case PowerTarget.On:
        if (current === 'power on') return;
        return this.resetAndWait(node, handle, RESET_TYPES.on, 'On', waitMs, ctx);
      case PowerTarget.Off:
        if (isOff) return;
        return this.resetAndWait(node, handle, RESET_TYPES.off, 'Off', waitMs, ctx);
      case PowerTarget.SoftOff:
        if (isOff) return;
        return this.resetAndWait(node, handle, RESET_TYPES.softOff, 'Off', waitMs, ctx);
      case PowerTarget.Rebooting:
        return this.restart(node, handle, isOff, RESET_TYPES.restart, RESET_TYPES.off, waitMs, ctx);
      case PowerTarget.SoftRebooting:
        return this.restart(node, handle, isOff, RESET_TYPES.softRestart, RESET_TYPES.softOff, waitMs, ctx);
    }
  }

  /** A restart type when the BMC has one, else off then on (some BMCs only offer On/ForceOff). */
  private async restart(
    node: NodeRef, handle: SystemHandle, isOff: boolean, restart: readonly string[], off: readonly string[], waitMs: number,
    ctx: DriverContext,
  ): Promise<void> {
    if (isOff) return this.resetAndWait(node, handle, RESET_TYPES.on, 'On', waitMs, ctx);
    if (await chooseResetType(handle, restart, ctx)) return this.resetAndWait(node, handle, restart, 'On', waitMs, ctx);
    await this.resetAndWait(node, handle, off, 'Off', waitMs, ctx);
    const fresh = await readSystem(this.pool, node, ctx);
    await this.resetAndWait(node, fresh, RESET_TYPES.on, 'On', waitMs, ctx);
  }

  private async resetAndWait(
    node: NodeRef, handle: SystemHandle, types: readonly string[], want: 'On' | 'Off', waitMs: number, ctx: DriverContext,
  ): Promise<void> {
    try {
      const sent = await resetSystem(handle, types, ctx);
      ctx.log.info({ node: node.uuid, resetType: sent }, 'redfish reset requested');
    } catch (error) {
      // Ironic: a 400/409 for a machine that is already where we want it is success (BMCs word it differently).
      if (!hasHttpStatus(error, 400, 409)) throw error;
      const now = settledPowerState((await readSystem(this.pool, node, ctx)).system.body);
      if (now !== want) throw error;
      return;
    }
    await this.waitFor(node, want, waitMs, ctx);
  }

  /** Reads PowerState until it is `want`, through the clock, at most `waitMs`. */
  private async waitFor(node: NodeRef, want: 'On' | 'Off', waitMs: number, ctx: DriverContext): Promise<void> {
    const { clock, powerPollMs } = this.options;
    const deadline = clock.now() + waitMs;
    for (;;) {
      const { system } = await readSystem(this.pool, node, ctx);
      if (settledPowerState(system.body) === want) return;
      if (clock.now() >= deadline) {
        throw new PowerStateFailure(`Node ${node.uuid} did not reach PowerState ${want} within ${waitMs} ms; the BMC reports ${JSON.stringify(system.body['PowerState'] ?? null)}.`);
      }
      await clock.sleep(Math.min(powerPollMs, Math.max(0, deadline - clock.now())), ctx.signal);
    }
  }
}
