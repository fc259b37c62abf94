import { expect, it } from 'vitest';
import type { NodeRecord } from '../../core/index.js';
import type { DeployInterface, StepCall } from '../../drivers/interfaces/index.js';
import { refOf, testContext, testStepContext } from './driver-test-context.js';

/** What every deploy interface must do with its steps. */
export function deployContract(
  name: string,
  setup: () => Promise<{ deploy: DeployInterface; node: NodeRecord }>,
): void {
  it(`${name}: offers a deploy.deploy step with priority 100 and well-formed definitions`, async () => {
    const { deploy, node } = await setup();
    const steps = await deploy.getSteps(refOf(node), 'deploy', testContext());
    expect(steps).toContainEqual(expect.objectContaining({ interface: 'deploy', step: 'deploy', priority: 100 }));
    for (const step of steps) {
      expect(step).toMatchObject({
        interface: expect.any(String),
        step: expect.any(String),
        priority: expect.any(Number),
        abortable: expect.any(Boolean),
        requires_ramdisk: expect.any(Boolean),
      });
    }
  });

  it(`${name}: executes each automated deploy step to done, wait or hold`, async () => {
    const { deploy, node } = await setup();
    const steps = (await deploy.getSteps(refOf(node), 'deploy', testContext())).filter((s) => s.priority > 0);
    for (const def of steps) {
      const call: StepCall = { interface: def.interface, step: def.step, args: {}, priority: def.priority };
      const outcome = await deploy.executeStep(refOf(node), call, testStepContext(node));
      expect(['done', 'wait', 'hold']).toContain(outcome.result);
    }
  });

  it(`${name}: tears an instance down`, async () => {
    const { deploy, node } = await setup();
    await expect(deploy.tearDown(refOf(node), testContext())).resolves.toBeUndefined();
  });
}
