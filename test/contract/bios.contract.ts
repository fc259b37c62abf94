import { expect, it } from 'vitest';
import type { NodeRecord } from '../../core/index.js';
import type { BiosInterface, PowerInterface, StepContext } from '../../drivers/interfaces/index.js';
import { refOf, testContext, testStepContext } from './driver-test-context.js';

/**
 * What every BIOS interface must do; `change` is a setting and a different value the hardware accepts. `power`,
 * when given, performs the reboots steps ask for (settings applied on reset).
 */
export function biosContract(
  name: string,
  setup: () => Promise<{ bios: BiosInterface; node: NodeRecord; change: { name: string; value: string }; power?: PowerInterface }>,
): void {
  it(`${name}: lists settings as names with string or null values`, async () => {
    const { bios, node } = await setup();
    const settings = await bios.getSettings(refOf(node), testContext());
    expect(settings.length).toBeGreaterThan(0);
    for (const setting of settings) {
      expect(typeof setting.name).toBe('string');
      expect(setting.value === null || typeof setting.value === 'string').toBe(true);
    }
  });

  it(`${name}: offers apply_configuration and factory_reset as manual clean steps`, async () => {
    const { bios, node } = await setup();
    const steps = (await bios.getSteps?.(refOf(node), 'clean', testContext())) ?? [];
    expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['apply_configuration', 'factory_reset']));
    for (const step of steps) expect(step).toMatchObject({ interface: 'bios', priority: 0 });
  });

  it(`${name}: shows a setting changed by apply_configuration`, async () => {
    const rig = await setup();
    const { bios, node, change } = rig;
    const call = { interface: 'bios' as const, step: 'apply_configuration', priority: 0, args: { settings: [change] } };
    const outcome = await bios.executeStep?.(refOf(node), call, stepContextFor(node, rig.power));
    expect(outcome?.result).toBe('done');
    expect(await bios.getSettings(refOf(node), testContext())).toContainEqual(change);
  });

  it(`${name}: rejects apply_configuration without settings`, async () => {
    const rig = await setup();
    const { bios, node } = rig;
    const call = { interface: 'bios' as const, step: 'apply_configuration', priority: 0, args: {} };
    await expect(bios.executeStep?.(refOf(node), call, stepContextFor(node, rig.power))).rejects.toMatchObject({ code: 'InvalidParameterValue' });
  });

  it(`${name}: completes factory_reset, or says the hardware cannot`, async () => {
    const rig = await setup();
    const { bios, node } = rig;
    const call = { interface: 'bios' as const, step: 'factory_reset', priority: 0, args: {} };
    const outcome = await bios.executeStep?.(refOf(node), call, stepContextFor(node, rig.power))
      .then((o) => o.result, (error: unknown) => (error as { code?: unknown }).code);
    expect(['done', 'UnsupportedDriverExtension']).toContain(outcome);
  });
}

/** A step context whose setPower goes through `power` when the rig has one (reboots that apply settings). */
function stepContextFor(node: NodeRecord, power: PowerInterface | undefined): StepContext {
  const ctx = testStepContext(node);
  return power ? { ...ctx, setPower: (target) => power.setPowerState(refOf(node), target, undefined, testContext()) } : ctx;
}
