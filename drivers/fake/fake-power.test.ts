import { describe, expect, it } from 'vitest';
import { isoTimestamp, newNode, PowerTarget } from '../../core/index.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { powerContract } from '../../test/contract/power.contract.js';
import { refOf, testContext } from '../../test/contract/driver-test-context.js';
import { createFakeImplementations } from './index.js';
import { FakeMachines } from './fake-machines.js';
import { FakePower } from './fake-power.js';

const aNode = (uuid = '11111111-1111-4111-8111-111111111111', driverInfo = {}) =>
  refOf(newNode({ uuid, driver: 'fake-hardware', provision_state: 'enroll', created_at: isoTimestamp(0), driver_info: driverInfo }));

describe('FakePower', () => {
  powerContract('fake power', async () => {
    const { implementations } = createFakeImplementations({ clock: new ManualClock() });
    const power = implementations.power?.['fake'];
    if (!power) throw new Error('no fake power');
    return Promise.resolve({ power, node: aNode() });
  });

  it('starts powered off and keeps state per node', async () => {
    const power = new FakePower(new FakeMachines({ clock: new ManualClock() }));
    const a = aNode('aaaaaaaa-1111-4111-8111-111111111111');
    const b = aNode('bbbbbbbb-1111-4111-8111-111111111111');
    await power.setPowerState(a, PowerTarget.On, undefined, testContext());
    expect(await power.getPowerState(a, testContext())).toBe('power on');
    expect(await power.getPowerState(b, testContext())).toBe('power off');
  });

  it('takes powerDelayMs through the clock and stops when aborted', async () => {
    const clock = new ManualClock();
    const power = new FakePower(new FakeMachines({ clock, powerDelayMs: 2_000 }));
    const node = aNode();
    const pending = power.setPowerState(node, PowerTarget.On, undefined, testContext());
    await clock.advance(1_999);
    expect(await power.getPowerState(node, testContext())).toBe('power off');
    await clock.advance(1);
    await pending;
    expect(await power.getPowerState(node, testContext())).toBe('power on');

    const controller = new AbortController();
    const aborted = power.setPowerState(node, PowerTarget.Off, undefined, testContext(controller.signal));
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(await power.getPowerState(node, testContext())).toBe('power on');
  });

  it('fails like an unreachable BMC when asked to, through the machine or driver_info', async () => {
    const machines = new FakeMachines({ clock: new ManualClock() });
    const power = new FakePower(machines);
    const node = aNode();
    machines.setReachable(node.uuid, false);
    await expect(power.getPowerState(node, testContext())).rejects.toMatchObject({ code: 'PowerStateFailure' });
    machines.setReachable(node.uuid, true);
    await expect(power.getPowerState(node, testContext())).resolves.toBe('power off');
    await expect(power.getPowerState(aNode(node.uuid, { fake_power_failure: true }), testContext())).rejects.toMatchObject({ code: 'PowerStateFailure' });
  });
});
