import { InvalidParameterValue, UnsupportedDriverExtension, type BootDevice, type BootMode, type NodeRef } from '../../core/index.js';
import {
  defineStep, STEP_DONE, type BootDeviceState, type DriverContext, type ManagementInterface, type StepCall,
  type StepContext, type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import { allowableValues, findAction, pickAllowed } from './allowable-values.js';
import { bootTargetFor, parseBootDevice, parseBootMode, parseSupportedBootDevices, redfishBootMode } from './boot-devices.js';
import { setBootOverride } from './boot-override.js';
import { patchWithEtag } from './etag-patch.js';
import { booleanAt, linkAt } from './json-fields.js';
import { indicatorPatch, parseIndicator, type IndicatorState } from './indicator.js';
import type { RedfishClientPool } from './redfish-client-pool.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { readSystem, type SystemHandle } from './redfish-system.js';
import { resetSystem } from './system-reset.js';

/** Secure boot key steps (ironic redfish management clean/service steps), ResetKeysType per step. */
const KEY_STEPS: Readonly<Record<string, string>> = {
  reset_secure_boot_keys_to_default: 'ResetAllKeysToDefault',
  clear_secure_boot_keys: 'DeleteAllKeys',
};

/**
 * `redfish` management: boot device and mode through `ComputerSystem.Boot`, secure boot through the
 * SecureBoot resource, NMI through Reset, the System's indicator LED.
 */
export class RedfishManagement implements ManagementInterface {
  constructor(private readonly pool: RedfishClientPool) {}

  validate(node: NodeRef): void {
    parseRedfishDriverInfo(node);
  }

  async getSupportedBootDevices(node: NodeRef, ctx: DriverContext): Promise<BootDevice[]> {
    return parseSupportedBootDevices((await readSystem(this.pool, node, ctx)).system.body);
  }

  async getBootDevice(node: NodeRef, ctx: DriverContext): Promise<BootDeviceState> {
    return parseBootDevice((await readSystem(this.pool, node, ctx)).system.body);
  }

  async setBootDevice(node: NodeRef, device: BootDevice, persistent: boolean, ctx: DriverContext): Promise<void> {
    const handle = await readSystem(this.pool, node, ctx);
    const target = bootTargetFor(device, handle.system.body, handle.quirks);
    if (target === undefined) throw new InvalidParameterValue(`Redfish cannot boot node ${node.uuid} from ${device}.`);
    await setBootOverride(handle, { target, enabled: persistent ? 'Continuous' : 'Once' }, ctx);
    const mode = parseBootMode(handle.system.body);
    // Supermicro resets the boot mode when the device changes; write it back (Ironic redfish management).
    if (handle.quirks.resyncBootModeAfterDevice && mode !== null) {
      await setBootOverride(await readSystem(this.pool, node, ctx), { mode: redfishBootMode(mode) }, ctx);
    }
  }

  async getBootMode(node: NodeRef, ctx: DriverContext): Promise<BootMode | null> {
    return parseBootMode((await readSystem(this.pool, node, ctx)).system.body);
  }

  async setBootMode(node: NodeRef, mode: BootMode, ctx: DriverContext): Promise<void> {
    const handle = await readSystem(this.pool, node, ctx);
    await setBootOverride(handle, { mode: redfishBootMode(mode) }, ctx);
  }

  async setSecureBoot(node: NodeRef, on: boolean, ctx: DriverContext): Promise<void> {
    const { client, system } = await this.secureBoot(node, ctx);
    if (booleanAt(system.body, 'SecureBootEnable') === on) return;
    await patchWithEtag(client, system.path, { SecureBootEnable: on }, system.etag, ctx);
  }

  async injectNmi(node: NodeRef, ctx: DriverContext): Promise<void> {
    await resetSystem(await readSystem(this.pool, node, ctx), ['Nmi'], ctx);
  }

  /** The System's indicator LED (not part of the management port yet; Ironic's indicator API uses it). */
  async getIndicatorState(node: NodeRef, ctx: DriverContext): Promise<IndicatorState> {
    return parseIndicator((await readSystem(this.pool, node, ctx)).system.body);
  }

  /** Lights, blinks or switches off the System's indicator LED. */
  async setIndicatorState(node: NodeRef, state: IndicatorState, ctx: DriverContext): Promise<void> {
    const { client, system } = await readSystem(this.pool, node, ctx);
    await patchWithEtag(client, system.path, indicatorPatch(system.body, state), system.etag, ctx);
  }

  getSteps(_node: NodeRef, kind: StepKind): Promise<StepDefinition[]> {
    if (kind !== 'clean' && kind !== 'service') return Promise.resolve([]);
    return Promise.resolve(Object.keys(KEY_STEPS).map((step) => defineStep('management', step, 0, { requiresRamdisk: false })));
  }

  async executeStep(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    const keysType = KEY_STEPS[step.step];
    if (keysType === undefined) throw new UnsupportedDriverExtension(`Redfish management has no step ${step.step} (node ${node.uuid}).`);
    const { client, system } = await this.secureBoot(node, ctx);
    const action = findAction(system, '#SecureBoot.ResetKeys');
    if (!action) throw new UnsupportedDriverExtension(`BMC ${client.origin} of node ${node.uuid} offers no #SecureBoot.ResetKeys.`);
    const type = pickAllowed(await allowableValues(client, action, 'ResetKeysType', ctx), [keysType]);
    if (type === undefined) throw new UnsupportedDriverExtension(`BMC ${client.origin} of node ${node.uuid} does not allow ResetKeysType ${keysType}.`);
    await client.send('POST', action.target, { body: { ResetKeysType: type } }, ctx);
    return STEP_DONE;
  }

  private async secureBoot(node: NodeRef, ctx: DriverContext): Promise<Pick<SystemHandle, 'client' | 'system'>> {
    const handle = await readSystem(this.pool, node, ctx);
    const path = linkAt(handle.system.body, 'SecureBoot');
    if (path === undefined) throw new UnsupportedDriverExtension(`BMC ${handle.client.origin} of node ${node.uuid} has no SecureBoot resource.`);
    return { client: handle.client, system: await handle.client.get(path, ctx) };
  }
}
