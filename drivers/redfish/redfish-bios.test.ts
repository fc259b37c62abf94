import { afterEach, describe, expect, it } from 'vitest';
import { redfishRig, SYSTEM } from './testing/redfish-rig.js';

const BIOS = `${SYSTEM}/Bios`;
let close: () => Promise<void> = () => Promise.resolve();
afterEach(async () => close());

describe('RedfishBios', () => {
  it('lists Attributes as strings sorted by name', async () => {
    const rig = await redfishRig();
    close = rig.close;
    await expect(rig.bios.getSettings(rig.ref, rig.ctx)).resolves.toEqual([
      { name: 'AssetTag', value: 'A1' }, { name: 'BootMode', value: 'Uefi' }, { name: 'NumLock', value: 'true' },
      { name: 'ProcTurboMode', value: 'Enabled' }, { name: 'Timeout', value: '5' },
    ]);
  });

  it('PATCHes the settings object with ApplyTime OnReset and typed values, reboots, and reads them back', async () => {
    const rig = await redfishRig();
    close = rig.close;
    rig.bmc.etags = true;
    const settings = [{ name: 'Timeout', value: '10' }, { name: 'NumLock', value: 'false' }];
    const ctx = { ...rig.stepCtx, setPower: async () => { rig.bmc.applyPendingSettings(); return Promise.resolve(); } };
    await expect(rig.bios.executeStep?.(rig.ref, { interface: 'bios', step: 'apply_configuration', priority: 0, args: { settings } }, ctx)).resolves.toMatchObject({ result: 'done' });
    const patch = rig.bmc.seen('PATCH', `${BIOS}/Settings`)[0];
    expect(patch?.body).toEqual({ Attributes: { Timeout: 10, NumLock: false }, '@Redfish.SettingsApplyTime': { ApplyTime: 'OnReset' } });
    expect(patch?.headers['if-match']).toBe('W/"0"');
    expect(rig.bmc.seen('PATCH', BIOS)).toHaveLength(0);
  });

  it('skips the PATCH and the reboot when the attributes already have the values', async () => {
    const rig = await redfishRig();
    close = rig.close;
    await rig.bios.executeStep?.(rig.ref, { interface: 'bios', step: 'apply_configuration', priority: 0, args: { settings: [{ name: 'BootMode', value: 'Uefi' }] } }, rig.stepCtx);
    expect(rig.bmc.seen('PATCH')).toHaveLength(0);
    expect(rig.stepCtx.powerCalls).toEqual([]);
  });

  it('says which settings did not take effect after the reboot', async () => {
    const rig = await redfishRig(undefined, { settingsApplyWaitMs: 3_000 });
    close = rig.close;
    const call = { interface: 'bios' as const, step: 'apply_configuration', priority: 0, args: { settings: [{ name: 'AssetTag', value: 'B2' }] } };
    await expect(rig.bios.executeStep?.(rig.ref, call, rig.stepCtx)).rejects.toMatchObject({
      code: 'RedfishSettingsNotApplied', message: expect.stringContaining('AssetTag'),
    });
    expect(rig.stepCtx.powerCalls).toEqual(['rebooting']);
  });

  it('factory_reset posts ResetBios with an empty body and reboots', async () => {
    const rig = await redfishRig();
    close = rig.close;
    await rig.bios.executeStep?.(rig.ref, { interface: 'bios', step: 'factory_reset', priority: 0, args: {} }, rig.stepCtx);
    expect(rig.bmc.seen('POST', `${BIOS}/Actions/Bios.ResetBios`).map((r) => r.body)).toEqual([{}]);
    expect(rig.stepCtx.powerCalls).toEqual(['rebooting']);
  });
});
