import { expect, it } from 'vitest';
import type { NodeRecord } from '../../core/index.js';
import type { FirmwareInterface, PowerInterface, StepContext } from '../../drivers/interfaces/index.js';
import { refOf, testContext, testStepContext } from './driver-test-context.js';

/** What every firmware interface must do; `update` names a component the node has and an image URL for it. */
export function firmwareContract(
  name: string,
  setup: () => Promise<{ firmware: FirmwareInterface; node: NodeRecord; update: { component: string; url: string }; power?: PowerInterface }>,
): void {
  it(`${name}: lists components with their versions, including the one to update`, async () => {
    const { firmware, node, update } = await setup();
    const components = await firmware.getComponents(refOf(node), testContext());
    for (const c of components) {
      expect(c).toEqual({ component: expect.any(String), initial_version: expect.any(String), current_version: expect.any(String) });
    }
    expect(components.map((c) => c.component)).toContain(update.component);
  });

  it(`${name}: offers an update step taking settings`, async () => {
    const { firmware, node } = await setup();
    const steps = (await firmware.getSteps?.(refOf(node), 'clean', testContext())) ?? [];
    expect(steps).toContainEqual(expect.objectContaining({ interface: 'firmware', step: 'update' }));
  });

  it(`${name}: runs the update step to done`, async () => {
    const rig = await setup();
    const { firmware, node, update } = rig;
    const call = { interface: 'firmware' as const, step: 'update', priority: 0, args: { settings: [update] } };
    await expect(firmware.executeStep?.(refOf(node), call, stepContextFor(node, rig.power))).resolves.toMatchObject({ result: 'done' });
  });
}

/** A step context whose setPower goes through `power` when the rig has one (reboots that apply settings). */
function stepContextFor(node: NodeRecord, power: PowerInterface | undefined): StepContext {
  const ctx = testStepContext(node);
  return power ? { ...ctx, setPower: (target) => power.setPowerState(refOf(node), target, undefined, testContext()) } : ctx;
}
