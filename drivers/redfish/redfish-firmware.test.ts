import { afterEach, describe, expect, it } from 'vitest';
import { redfishRig } from './testing/redfish-rig.js';

const UPDATE = '/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate';
let close: () => Promise<void> = () => Promise.resolve();
afterEach(async () => close());

describe('RedfishFirmware', () => {
  it('lists bios and bmc versions as Ironic names them', async () => {
    const rig = await redfishRig();
    close = rig.close;
    await expect(rig.firmware.getComponents(rig.ref, rig.ctx)).resolves.toEqual([
      { component: 'bios', initial_version: '1.0.0', current_version: '1.0.0' },
      { component: 'bmc', initial_version: '2.0.0', current_version: '2.0.0' },
    ]);
  });

  it('posts SimpleUpdate (TransferProtocol from ActionInfo), polls the task monitor, then reboots for bios', async () => {
    const rig = await redfishRig();
    close = rig.close;
    const settings = [{ component: 'bios', url: 'https://images.example/bios.bin' }];
    await rig.firmware.executeStep?.(rig.ref, { interface: 'firmware', step: 'update', priority: 0, args: { settings } }, rig.stepCtx);
    expect(rig.bmc.seen('POST', UPDATE).map((r) => r.body)).toEqual([{ ImageURI: 'https://images.example/bios.bin', TransferProtocol: 'HTTPS' }]);
    expect(rig.bmc.seen('GET', '/redfish/v1/TaskService/TaskMonitors/1')).toHaveLength(2);
    expect(rig.stepCtx.powerCalls).toEqual(['rebooting']);
  });

  it('rejects settings without a component or an http(s) url', async () => {
    const rig = await redfishRig();
    close = rig.close;
    const call = { interface: 'firmware' as const, step: 'update', priority: 0, args: { settings: [{ component: 'bios', url: 'ftp://x' }] } };
    await expect(rig.firmware.executeStep?.(rig.ref, call, rig.stepCtx)).rejects.toMatchObject({ code: 'InvalidParameterValue' });
  });
});
