import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/index.js';
import { redfishRig, SYSTEM } from './testing/redfish-rig.js';

let close: () => Promise<void> = () => Promise.resolve();
afterEach(async () => close());
const bootOf = (tree: Record<string, JsonObject>): JsonObject => (tree[SYSTEM]?.['Boot'] ?? {}) as JsonObject;

describe('RedfishManagement', () => {
  it('PATCHes Boot with If-Match, sending Enabled only when it changes', async () => {
    const rig = await redfishRig();
    close = rig.close;
    rig.bmc.etags = true;
    await rig.management.setBootDevice(rig.ref, 'pxe', false, rig.ctx);
    await rig.management.setBootDevice(rig.ref, 'disk', false, rig.ctx);
    const patches = rig.bmc.seen('PATCH', SYSTEM);
    expect(patches.map((p) => p.body)).toEqual([
      { Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' } },
      { Boot: { BootSourceOverrideTarget: 'Hdd' } },
    ]);
    expect(patches[0]?.headers['if-match']).toBe('W/"0"');
  });

  it('sends the full Boot triple to AMI BMCs (quirks table)', async () => {
    const rig = await redfishRig((tree) => { (tree[SYSTEM] ?? {})['Manufacturer'] = 'AMI'; });
    close = rig.close;
    await rig.management.setBootDevice(rig.ref, 'pxe', false, rig.ctx);
    expect(rig.bmc.seen('PATCH', SYSTEM)[0]?.body).toEqual({ Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' } });
  });

  it('boots the virtual CD as UsbCd on Supermicro when allowed, and re-sends the boot mode', async () => {
    const rig = await redfishRig((tree) => {
      (tree[SYSTEM] ?? {})['Manufacturer'] = 'Supermicro';
      bootOf(tree)['BootSourceOverrideTarget@Redfish.AllowableValues'] = ['Pxe', 'Hdd', 'UsbCd', 'Cd'];
    });
    close = rig.close;
    await rig.management.setBootDevice(rig.ref, 'cdrom', true, rig.ctx);
    expect(rig.bmc.seen('PATCH', SYSTEM).map((p) => p.body)).toEqual([
      { Boot: { BootSourceOverrideTarget: 'UsbCd', BootSourceOverrideEnabled: 'Continuous' } },
      { Boot: { BootSourceOverrideMode: 'UEFI' } },
    ]);
    await expect(rig.management.getBootDevice(rig.ref, rig.ctx)).resolves.toEqual({ boot_device: 'cdrom', persistent: true });
  });

  it('writes Boot to the settings object when that object carries Boot (iDRAC 10, Nokia, Lenovo SE450)', async () => {
    const rig = await redfishRig((tree) => {
      (tree[SYSTEM] ?? {})['@Redfish.Settings'] = { SettingsObject: { '@odata.id': `${SYSTEM}/Settings` } };
      tree[`${SYSTEM}/Settings`] = { Boot: { BootSourceOverrideTarget: 'None' } };
    });
    close = rig.close;
    await rig.management.setBootDevice(rig.ref, 'pxe', false, rig.ctx);
    expect(rig.bmc.seen('PATCH', `${SYSTEM}/Settings`)).toHaveLength(1);
    expect(rig.bmc.seen('PATCH', SYSTEM)).toHaveLength(0);
  });

  it('refuses targets and persistence the BMC does not allow, and boot mode where it has none', async () => {
    const rig = await redfishRig((tree) => {
      const boot = bootOf(tree);
      boot['BootSourceOverrideEnabled@Redfish.AllowableValues'] = ['Once', 'Disabled'];
      delete boot['BootSourceOverrideMode'];
    });
    close = rig.close;
    await expect(rig.management.setBootDevice(rig.ref, 'disk', true, rig.ctx)).rejects.toMatchObject({ code: 'InvalidParameterValue', message: expect.stringContaining('BootSourceOverrideEnabled Continuous') });
    await expect(rig.management.setBootMode?.(rig.ref, 'bios', rig.ctx)).rejects.toMatchObject({ code: 'UnsupportedDriverExtension' });
    expect(rig.bmc.seen('PATCH')).toHaveLength(0);
  });

  it('sets secure boot, injects NMI and drives the indicator LED', async () => {
    const rig = await redfishRig();
    close = rig.close;
    await rig.management.setSecureBoot?.(rig.ref, true, rig.ctx);
    expect(rig.bmc.resource(`${SYSTEM}/SecureBoot`)['SecureBootEnable']).toBe(true);
    await rig.management.injectNmi?.(rig.ref, rig.ctx);
    expect(rig.bmc.seen('POST', `${SYSTEM}/Actions/ComputerSystem.Reset`).map((r) => r.body)).toEqual([{ ResetType: 'Nmi' }]);
    const management = rig.management as typeof rig.management & { setIndicatorState(n: typeof rig.ref, s: 'on', c: typeof rig.ctx): Promise<void> };
    await management.setIndicatorState(rig.ref, 'on', rig.ctx);
    expect(rig.bmc.resource(SYSTEM)['IndicatorLED']).toBe('Lit');
  });
});
