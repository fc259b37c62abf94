import { afterEach, describe, expect, it } from 'vitest';
import { testStepContext } from '../../test/contract/driver-test-context.js';
import { redfishRig, SYSTEM } from './testing/redfish-rig.js';

const VOLUMES = `${SYSTEM}/Storage/1/Volumes`;
let close: () => Promise<void> = () => Promise.resolve();
afterEach(async () => close());

describe('RedfishRaid', () => {
  it('POSTs a volume per logical disk with drives, size and Immediate apply time', async () => {
    const rig = await redfishRig();
    close = rig.close;
    const outcome = await rig.raid.executeStep?.(rig.ref, { interface: 'raid', step: 'create_configuration', priority: 0, args: {} }, rig.stepCtx);
    expect(rig.bmc.seen('POST', VOLUMES).map((r) => r.body)).toEqual([{
      RAIDType: 'RAID1', CapacityBytes: 100 * 1024 ** 3, '@Redfish.OperationApplyTime': 'Immediate',
      Links: { Drives: [{ '@odata.id': `${SYSTEM}/Storage/1/Drives/D1` }, { '@odata.id': `${SYSTEM}/Storage/1/Drives/D2` }] },
    }]);
    expect(outcome?.changes?.raid_config).toMatchObject({ logical_disks: [{ raid_level: '1', controller: '1' }] });
    expect(rig.stepCtx.powerCalls).toEqual([]);
  });

  it('refuses a level no controller supports, before touching the BMC', async () => {
    const rig = await redfishRig();
    close = rig.close;
    const node = { ...rig.node, target_raid_config: { logical_disks: [{ size_gb: 'MAX', raid_level: '5' }] } };
    await expect(rig.raid.executeStep?.(rig.ref, { interface: 'raid', step: 'create_configuration', priority: 0, args: {} }, testStepContext(node)))
      .rejects.toMatchObject({ code: 'InvalidParameterValue' });
    expect(rig.bmc.seen('POST')).toHaveLength(0);
  });

  it('deletes every volume, retrying without the apply-time body when iDRAC answers SYS029', async () => {
    const rig = await redfishRig();
    close = rig.close;
    await rig.raid.executeStep?.(rig.ref, { interface: 'raid', step: 'create_configuration', priority: 0, args: {} }, rig.stepCtx);
    const volume = rig.bmc.seen('POST', VOLUMES).length ? String((rig.bmc.resource(VOLUMES)['Members'] as { '@odata.id': string }[])[0]?.['@odata.id']) : '';
    rig.bmc.script('DELETE', volume, { status: 400, body: { error: { '@Message.ExtendedInfo': [{ MessageId: 'IDRAC.2.8.SYS029', Message: 'Invalid payload' }] } } });
    await rig.raid.executeStep?.(rig.ref, { interface: 'raid', step: 'delete_configuration', priority: 0, args: {} }, rig.stepCtx);
    expect(rig.bmc.seen('DELETE', volume).map((r) => r.body)).toEqual([{ '@Redfish.OperationApplyTime': 'Immediate' }, undefined]);
    expect(rig.bmc.resource(VOLUMES)['Members']).toEqual([]);
  });
});
