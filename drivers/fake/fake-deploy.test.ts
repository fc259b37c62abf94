import { describe, expect, it } from 'vitest';
import { isoTimestamp, newNode } from '../../core/index.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { deployContract } from '../../test/contract/deploy.contract.js';
import { inspectContract } from '../../test/contract/inspect.contract.js';
import { refOf, testContext, testStepContext } from '../../test/contract/driver-test-context.js';
import { FakeDeploy } from './fake-deploy.js';
import { FakeInspect } from './fake-inspect.js';
import { FakeMachines } from './fake-machines.js';

const record = newNode({ uuid: '33333333-1111-4111-8111-111111111111', driver: 'fake-hardware', provision_state: 'available', created_at: isoTimestamp(0) });

describe('FakeDeploy', () => {
  deployContract('fake deploy', () => Promise.resolve({ deploy: new FakeDeploy(new FakeMachines({ clock: new ManualClock() })), node: record }));

  it('follows the direct deploy sequence and powers on at boot_instance', async () => {
    const deploy = new FakeDeploy(new FakeMachines({ clock: new ManualClock() }));
    const steps = (await deploy.getSteps(refOf(record), 'deploy', testContext())).filter((s) => s.priority > 0);
    expect(steps.map((s) => `${s.step}:${s.priority}`)).toEqual(['deploy:100', 'write_image:80', 'prepare_instance_boot:60', 'boot_instance:20']);
    const ctx = testStepContext(record);
    const first = await deploy.executeStep(refOf(record), { interface: 'deploy', step: 'deploy', args: {}, priority: 100 }, ctx);
    expect(first.changes?.instance_info).toEqual({ image_type: 'whole-disk' });
    await deploy.executeStep(refOf(record), { interface: 'deploy', step: 'boot_instance', args: {}, priority: 20 }, ctx);
    expect(ctx.powerCalls).toEqual(['power on']);
  });

  it('offers IPA-like automated clean steps and manual control steps', async () => {
    const deploy = new FakeDeploy(new FakeMachines({ clock: new ManualClock() }));
    const steps = await deploy.getSteps(refOf(record), 'clean', testContext());
    expect(steps.filter((s) => s.priority > 0).map((s) => `${s.step}:${s.priority}`)).toEqual(['erase_devices_metadata:99', 'erase_devices:10']);
    const ctx = testStepContext(record);
    await expect(deploy.executeStep(refOf(record), { interface: 'deploy', step: 'fake_hold', args: {}, priority: 0 }, ctx)).resolves.toEqual({ result: 'hold' });
    await expect(deploy.executeStep(refOf(record), { interface: 'deploy', step: 'fake_fail', args: { message: 'disk on fire' }, priority: 0 }, ctx))
      .rejects.toThrow('disk on fire');
  });
});

describe('FakeInspect', () => {
  inspectContract('fake inspect', () => Promise.resolve({ inspect: new FakeInspect(new FakeMachines({ clock: new ManualClock() })), node: refOf(record) }));

  it('reports the hardware driver_info describes, and a stable MAC', async () => {
    const inspect = new FakeInspect(new FakeMachines({ clock: new ManualClock() }));
    const node = refOf({ ...record, driver_info: { fake_cpus: '64', fake_memory_mb: 262144, fake_cpu_arch: 'aarch64' } });
    const first = await inspect.inspectHardware(node, testContext());
    const second = await inspect.inspectHardware(node, testContext());
    expect(first).toMatchObject({ result: 'done', properties: { cpus: 64, memory_mb: 262144, local_gb: 100, cpu_arch: 'aarch64' } });
    expect(first).toEqual(second);
  });
});
