import { afterEach, describe, expect, it } from 'vitest';
import { PowerTarget } from '../../core/index.js';
import { redfishRig, SYSTEM } from './testing/redfish-rig.js';
import { errorBody } from './testing/scripted-bmc.js';

const RESET = `${SYSTEM}/Actions/ComputerSystem.Reset`;
let close: () => Promise<void> = () => Promise.resolve();
afterEach(async () => close());

describe('RedfishPower', () => {
  it('posts ResetType On to the action target and reads PowerState back', async () => {
    const rig = await redfishRig();
    close = rig.close;
    await rig.power.setPowerState(rig.ref, PowerTarget.On, undefined, rig.ctx);
    expect(rig.bmc.seen('POST', RESET).map((r) => r.body)).toEqual([{ ResetType: 'On' }]);
    expect(rig.bmc.seen('GET', SYSTEM).length).toBeGreaterThanOrEqual(2);
  });

  it('picks reset types from @Redfish.ActionInfo when there are no inline AllowableValues (OpenBMC, AMI)', async () => {
    const rig = await redfishRig((tree) => {
      const system = tree[SYSTEM] ?? {};
      system['PowerState'] = 'On';
      system['Actions'] = { '#ComputerSystem.Reset': { target: RESET, '@Redfish.ActionInfo': `${SYSTEM}/ResetActionInfo` } };
      tree[`${SYSTEM}/ResetActionInfo`] = { Parameters: [{ Name: 'ResetType', AllowableValues: ['On', 'ForceOff'] }] };
    });
    close = rig.close;
    await rig.power.setPowerState(rig.ref, PowerTarget.Rebooting, undefined, rig.ctx);
    // No ForceRestart allowed: off, then on.
    expect(rig.bmc.seen('POST', RESET).map((r) => r.body)).toEqual([{ ResetType: 'ForceOff' }, { ResetType: 'On' }]);
    await expect(rig.power.setPowerState(rig.ref, PowerTarget.SoftOff, 1_000, rig.ctx)).rejects.toMatchObject({ code: 'UnsupportedDriverExtension' });
  });

  it('treats a 409 for a machine already in the target state as success', async () => {
    const rig = await redfishRig();
    close = rig.close;
    rig.bmc.script('POST', RESET, (req) => {
      rig.bmc.resource(SYSTEM)['PowerState'] = 'On';
      return { status: 409, body: errorBody('Base.1.8.ResourceInUse', `already on ${JSON.stringify(req.body)}`) };
    });
    await expect(rig.power.setPowerState(rig.ref, PowerTarget.On, undefined, rig.ctx)).resolves.toBeUndefined();
  });

  it('fails with PowerStateFailure when PowerState never arrives', async () => {
    const rig = await redfishRig(undefined, { powerWaitMs: 5_000 });
    close = rig.close;
    rig.bmc.script('POST', RESET, { status: 204 });
    await expect(rig.power.setPowerState(rig.ref, PowerTarget.On, undefined, rig.ctx)).rejects.toMatchObject({
      code: 'PowerStateFailure', message: expect.stringContaining('did not reach PowerState On within 5000 ms'),
    });
  });

  it('maps PoweringOn/Off and unknown states to Ironic words', async () => {
    const rig = await redfishRig();
    close = rig.close;
    for (const [state, expected] of [['PoweringOn', 'power on'], ['PoweringOff', 'power off'], ['Paused', 'error']] as const) {
      rig.bmc.resource(SYSTEM)['PowerState'] = state;
      await expect(rig.power.getPowerState(rig.ref, rig.ctx)).resolves.toBe(expected);
    }
  });
});
