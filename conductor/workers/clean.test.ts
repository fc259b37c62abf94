import { describe, expect, it } from 'vitest';
import { ADMIN, createConductorHarness } from '../../test/support/conductor-harness.js';

const step = (name: string, args = {}) => ({ interface: 'deploy', step: name, args });

describe('manual cleaning', () => {
  it('runs the given steps and returns to manageable', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await h.actions.provision(uuid, { target: 'clean', clean_steps: [step('erase_devices_metadata'), { interface: 'power', step: 'power_on' }] }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'manageable', target_provision_state: null, power_state: 'power on', clean_step: {} });
  });

  it('refuses an unsupported step before changing anything', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await expect(h.actions.provision(uuid, { target: 'clean', clean_steps: [step('nope')] }, ADMIN))
      .rejects.toMatchObject({ code: 'InvalidParameterValue', message: expect.stringContaining('does not support this clean step') as unknown });
    await expect(h.actions.provision(uuid, { target: 'clean', clean_steps: [step('erase_devices', { bogus: 1 })] }, ADMIN))
      .rejects.toThrow('has these invalid arguments: bogus');
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'manageable', reservation: null });
  });

  it('puts a node whose clean step fails in clean failed and maintenance with fault clean failure', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await h.actions.provision(uuid, { target: 'clean', clean_steps: [step('fake_fail', { message: 'bad disk' })] }, ADMIN);
    await h.settle();
    const node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'clean failed', target_provision_state: null, maintenance: true, fault: 'clean failure', clean_step: {} });
    expect(node.last_error).toBe(`Node ${uuid} failed step deploy.fake_fail: bad disk (node ${uuid})`);
    await h.actions.setMaintenance(uuid, false, null, ADMIN);
    await h.actions.provision(uuid, { target: 'manage' }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'manageable', fault: null });
  });

  it('holds on a hold step and continues after unhold', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await h.actions.provision(uuid, { target: 'clean', clean_steps: [step('fake_hold'), { interface: 'power', step: 'power_on' }] }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'clean hold', target_provision_state: 'manageable', reservation: null, power_state: null });
    await h.actions.provision(uuid, { target: 'unhold' }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'manageable', power_state: 'power on' });
  });

  it('waits for a callback, and abort ends it with Ironic message', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await h.actions.provision(uuid, { target: 'clean', clean_steps: [step('fake_wait')] }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'clean wait', target_provision_state: 'manageable', clean_step: { step: 'fake_wait' } });
    await h.actions.provision(uuid, { target: 'abort' }, ADMIN);
    const node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'clean failed', target_provision_state: null, reservation: null, clean_step: {} });
    expect(node.last_error).toBe('By request, the clean operation was aborted during or after the completion of step "deploy.fake_wait"');
  });

  it('continues after the waiting step when called back', async () => {
    const { continueSteps } = await import('./continue-steps.js');
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await h.actions.provision(uuid, { target: 'clean', clean_steps: [step('fake_wait'), { interface: 'power', step: 'power_on' }] }, ADMIN);
    await h.settle();
    await continueSteps(h.deps, uuid, 'clean');
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'manageable', power_state: 'power on' });
    await expect(continueSteps(h.deps, uuid, 'clean')).rejects.toMatchObject({ code: 'InvalidStateRequested' });
  });
});

describe('abort of other waits', () => {
  it('aborts a deploy waiting for its callback into deploy failed', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'available' });
    await h.actions.provision(uuid, { target: 'active', deploy_steps: [{ interface: 'deploy', step: 'fake_wait', priority: 90 }] }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'wait call-back', target_provision_state: 'active', reservation: null });
    await h.actions.provision(uuid, { target: 'abort' }, ADMIN);
    const node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'deploy failed', last_error: 'By request, the deploy operation was aborted.', deploy_step: {} });
    expect(node.driver_internal_info['deploy_steps']).toBeUndefined();
  });
});
