import { expect, it } from 'vitest';
import type { NodeRecord } from '../../core/index.js';
import type { RaidInterface, PowerInterface, StepContext } from '../../drivers/interfaces/index.js';
import { refOf, testContext, testStepContext } from './driver-test-context.js';

/** What every RAID interface must do; `node.target_raid_config` is a config the hardware can build. */
export function raidContract(name: string, setup: () => Promise<{ raid: RaidInterface; node: NodeRecord; power?: PowerInterface }>): void {
  it(`${name}: accepts the node's target_raid_config and rejects malformed ones`, async () => {
    const { raid, node } = await setup();
    expect(() => raid.validateRaidConfig(refOf(node), node.target_raid_config)).not.toThrow();
    expect(() => raid.validateRaidConfig(refOf(node), {})).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => raid.validateRaidConfig(refOf(node), { logical_disks: [{ size_gb: 10, raid_level: '42' }] }))
      .toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
  });

  it(`${name}: describes size_gb and raid_level among logical disk properties`, async () => {
    const { raid } = await setup();
    expect(Object.keys(raid.getLogicalDiskProperties())).toEqual(expect.arrayContaining(['size_gb', 'raid_level']));
  });

  it(`${name}: offers create_configuration and delete_configuration clean steps`, async () => {
    const { raid, node } = await setup();
    const steps = (await raid.getSteps?.(refOf(node), 'clean', testContext())) ?? [];
    expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['create_configuration', 'delete_configuration']));
  });

  it(`${name}: creates the target configuration, then deletes it`, async () => {
    const rig = await setup();
    const { raid, node } = rig;
    const wanted = node.target_raid_config['logical_disks'];
    const create = { interface: 'raid' as const, step: 'create_configuration', priority: 0, args: {} };
    const created = await raid.executeStep?.(refOf(node), create, stepContextFor(node, rig.power));
    expect(created?.result).toBe('done');
    const disks = created?.changes?.raid_config?.['logical_disks'];
    expect(Array.isArray(disks) ? disks.length : -1).toBe(Array.isArray(wanted) ? wanted.length : 0);
    const remove = { interface: 'raid' as const, step: 'delete_configuration', priority: 0, args: {} };
    await expect(raid.executeStep?.(refOf(node), remove, stepContextFor(node, rig.power))).resolves.toMatchObject({ result: 'done' });
  });
}

/** A step context whose setPower goes through `power` when the rig has one (reboots that apply settings). */
function stepContextFor(node: NodeRecord, power: PowerInterface | undefined): StepContext {
  const ctx = testStepContext(node);
  return power ? { ...ctx, setPower: (target) => power.setPowerState(refOf(node), target, undefined, testContext()) } : ctx;
}
