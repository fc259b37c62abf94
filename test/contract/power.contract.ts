import { expect, it } from 'vitest';
import { PowerTarget, type NodeRef } from '../../core/index.js';
import type { PowerInterface } from '../../drivers/interfaces/index.js';
import { testContext } from './driver-test-context.js';

/** What every power interface must do; `setup` gives a reachable node with valid driver_info. */
export function powerContract(name: string, setup: () => Promise<{ power: PowerInterface; node: NodeRef }>): void {
  it(`${name}: validates a well-formed node without touching the BMC`, async () => {
    const { power, node } = await setup();
    expect(() => power.validate(node)).not.toThrow();
  });

  it(`${name}: reports the power state it was last set to`, async () => {
    const { power, node } = await setup();
    await power.setPowerState(node, PowerTarget.On, undefined, testContext());
    await expect(power.getPowerState(node, testContext())).resolves.toBe('power on');
    await power.setPowerState(node, PowerTarget.Off, undefined, testContext());
    await expect(power.getPowerState(node, testContext())).resolves.toBe('power off');
  });

  it(`${name}: ends a reboot powered on`, async () => {
    const { power, node } = await setup();
    await power.setPowerState(node, PowerTarget.Off, undefined, testContext());
    await power.setPowerState(node, PowerTarget.Rebooting, undefined, testContext());
    await expect(power.getPowerState(node, testContext())).resolves.toBe('power on');
  });

  it(`${name}: lists power on and power off among its supported targets`, async () => {
    const { power, node } = await setup();
    expect(power.getSupportedPowerStates(node)).toEqual(
      expect.arrayContaining([PowerTarget.On, PowerTarget.Off, PowerTarget.Rebooting]),
    );
  });

  it(`${name}: supports soft power off when it says so`, async () => {
    const { power, node } = await setup();
    if (!power.getSupportedPowerStates(node).includes(PowerTarget.SoftOff)) return;
    await power.setPowerState(node, PowerTarget.On, undefined, testContext());
    await power.setPowerState(node, PowerTarget.SoftOff, 30_000, testContext());
    await expect(power.getPowerState(node, testContext())).resolves.toBe('power off');
  });
}
