import { afterEach, describe, expect, it } from 'vitest';
import { startRedfishEmulator, type RedfishEmulator } from './start-redfish-emulator.js';
import { at, redfishFetch, waitFor } from './testing/redfish-fetch.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';
import type { VendorSwitchOptions } from './vendor-switches.js';

const mockupDir = writeTreeMockup();
const SYSTEM = '/redfish/v1/Systems/1';
const RESET = `${SYSTEM}/Actions/ComputerSystem.Reset`;
let emulator: RedfishEmulator | undefined;

async function start(switches: VendorSwitchOptions = {}): Promise<RedfishEmulator> {
  emulator = await startRedfishEmulator({ mockupDir, switches });
  return emulator;
}

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('ComputerSystem.Reset', () => {
  it('powers off and on again, immediately without a delay', async () => {
    const bmc = await start();
    expect((await redfishFetch(bmc, 'POST', RESET, { ResetType: 'ForceOff' })).status).toBe(204);
    expect(bmc.state.getPowerState()).toBe('Off');
    expect((await redfishFetch(bmc, 'POST', RESET, { ResetType: 'On' })).status).toBe(204);
    expect(at((await redfishFetch(bmc, 'GET', SYSTEM)).json, 'PowerState')).toBe('On');
  });

  it('passes through PoweringOff and PoweringOn when a power delay is set', async () => {
    const bmc = await start({ delaysMs: { power: 100 } });
    await redfishFetch(bmc, 'POST', RESET, { ResetType: 'GracefulShutdown' });
    expect(bmc.state.getPowerState()).toBe('PoweringOff');
    expect((await redfishFetch(bmc, 'POST', RESET, { ResetType: 'On' })).status).toBe(409);
    await waitFor(() => bmc.state.getPowerState() === 'Off');
    await redfishFetch(bmc, 'POST', RESET, { ResetType: 'On' });
    expect(bmc.state.getPowerState()).toBe('PoweringOn');
    await waitFor(() => bmc.state.getPowerState() === 'On');
  });

  it('refuses ResetType values outside the action’s AllowableValues and unknown ones', async () => {
    const bmc = await start();
    const cycle = await redfishFetch(bmc, 'POST', RESET, { ResetType: 'PowerCycle' });
    expect(cycle.status).toBe(400);
    expect(at(cycle.json, 'error', '@Message.ExtendedInfo', 0, 'MessageId')).toBe(
      'Base.1.16.ActionParameterValueNotInList',
    );
    expect((await redfishFetch(bmc, 'POST', RESET, { ResetType: 'Explode' })).status).toBe(400);
    expect(at((await redfishFetch(bmc, 'POST', RESET, {})).json, 'error', 'code')).toBe(
      'Base.1.16.ActionParameterMissing',
    );
    expect(at((await redfishFetch(bmc, 'POST', RESET, { ResetType: 7 })).json, 'error', 'code')).toBe(
      'Base.1.16.ActionParameterValueTypeError',
    );
    expect(bmc.state.getPowerState()).toBe('On');
  });

  it('refuses a restart or NMI of a powered-off system with 409 ResourceInStandby', async () => {
    const bmc = await start();
    bmc.state.setPowerState('Off');
    const restart = await redfishFetch(bmc, 'POST', RESET, { ResetType: 'ForceRestart' });
    expect(restart.status).toBe(409);
    expect(at(restart.json, 'error', 'code')).toBe('Base.1.16.ResourceInStandby');
  });

  it('consumes a Once boot override at the next boot and keeps a Continuous one', async () => {
    const bmc = await start();
    await redfishFetch(bmc, 'PATCH', SYSTEM, {
      Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' },
    });
    await redfishFetch(bmc, 'POST', RESET, { ResetType: 'ForceRestart' });
    expect(at((await redfishFetch(bmc, 'GET', SYSTEM)).json, 'Boot')).toMatchObject({
      BootSourceOverrideTarget: 'Pxe',
      BootSourceOverrideEnabled: 'Disabled',
    });
    expect(bmc.state.events.filter((event) => event.kind === 'boot').map((event) => event.detail)).toEqual(['Pxe']);
    await redfishFetch(bmc, 'PATCH', SYSTEM, {
      Boot: { BootSourceOverrideTarget: 'Hdd', BootSourceOverrideEnabled: 'Continuous' },
    });
    await redfishFetch(bmc, 'POST', RESET, { ResetType: 'ForceRestart' });
    expect(at((await redfishFetch(bmc, 'GET', SYSTEM)).json, 'Boot', 'BootSourceOverrideEnabled')).toBe('Continuous');
  });

  it('applies pending BIOS settings at the next reset and empties the settings object', async () => {
    const bmc = await start();
    const patch = await redfishFetch(bmc, 'PATCH', `${SYSTEM}/Bios/Settings`, {
      Attributes: { ProcTurboMode: 'Disabled' },
    });
    expect(patch.status).toBe(200);
    expect(at((await redfishFetch(bmc, 'GET', `${SYSTEM}/Bios`)).json, 'Attributes', 'ProcTurboMode')).toBe('Enabled');
    await redfishFetch(bmc, 'POST', RESET, { ResetType: 'ForceRestart' });
    const bios = (await redfishFetch(bmc, 'GET', `${SYSTEM}/Bios`)).json;
    expect(at(bios, 'Attributes', 'ProcTurboMode')).toBe('Disabled');
    expect(at(bios, '@Redfish.Settings', 'Messages', 0, 'MessageId')).toBe('Base.1.16.Success');
    expect(at((await redfishFetch(bmc, 'GET', `${SYSTEM}/Bios/Settings`)).json, 'Attributes')).toEqual({});
  });

  it('restores BIOS defaults after Bios.ResetBios and a reset', async () => {
    const bmc = await start();
    await redfishFetch(bmc, 'PATCH', `${SYSTEM}/Bios/Settings`, { Attributes: { BootMode: 'Legacy' } });
    await redfishFetch(bmc, 'POST', RESET, { ResetType: 'ForceRestart' });
    expect((await redfishFetch(bmc, 'POST', `${SYSTEM}/Bios/Actions/Bios.ResetBios`, {})).status).toBe(204);
    expect(at((await redfishFetch(bmc, 'GET', `${SYSTEM}/Bios`)).json, 'ResetBiosToDefaultsPending')).toBe(true);
    await redfishFetch(bmc, 'POST', RESET, { ResetType: 'ForceRestart' });
    expect(at((await redfishFetch(bmc, 'GET', `${SYSTEM}/Bios`)).json, 'Attributes', 'BootMode')).toBe('Uefi');
  });
});
