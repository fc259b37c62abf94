import { describe, expect, it } from 'vitest';
import { ADMIN, createConductorHarness } from '../../test/support/conductor-harness.js';

describe('provision refuses what Ironic refuses', () => {
  it('gates verbs by microversion with NotAcceptable', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'available' });
    await expect(h.actions.provision(uuid, { target: 'deploy' }, { apiMinor: 72 })).rejects.toMatchObject({ code: 'NotAcceptable', status: 406 });
    await expect(h.actions.provision(uuid, { target: 'manage' }, { apiMinor: 1 })).rejects.toMatchObject({ status: 406 });
  });

  it('refuses active in maintenance with NodeInMaintenance', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'available', maintenance: true });
    await expect(h.actions.provision(uuid, { target: 'active' }, ADMIN)).rejects.toMatchObject({ code: 'NodeInMaintenance', status: 400 });
  });

  it('answers an invalid transition with InvalidStateRequested, or NodeLocked when the node is reserved', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'available' });
    await expect(h.actions.provision(uuid, { target: 'inspect' }, ADMIN)).rejects.toMatchObject({
      code: 'InvalidStateRequested', status: 400,
      message: `The requested action "inspect" can not be performed on node "${uuid}" while it is in state "available".`,
    });
    await h.deps.store.nodes.reserve(uuid, 'other-host');
    await expect(h.actions.provision(uuid, { target: 'inspect' }, ADMIN)).rejects.toMatchObject({ code: 'NodeLocked', status: 409 });
    await expect(h.actions.provision(uuid, { target: 'bogus' }, ADMIN)).rejects.toMatchObject({ code: 'NodeLocked' });
  });

  it('pairs parameters with their verbs', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await expect(h.actions.provision(uuid, { target: 'clean' }, ADMIN)).rejects.toThrow('"clean_steps" is required when setting target provision state to clean');
    await expect(h.actions.provision(uuid, { target: 'provide', clean_steps: [{ interface: 'deploy', step: 'x' }] }, ADMIN))
      .rejects.toThrow('"clean_steps" is only valid when setting target provision state to clean');
    await expect(h.actions.provision(uuid, { target: 'provide', rescue_password: 'x' }, ADMIN)).rejects.toMatchObject({ status: 400 });
    const active = await h.addNode({ provision_state: 'active' });
    await expect(h.actions.provision(active.uuid, { target: 'rescue', rescue_password: '  ' }, ADMIN))
      .rejects.toThrow('A non-empty "rescue_password" is required when setting target provision state to rescue');
    const available = await h.addNode({ provision_state: 'available' });
    await expect(h.actions.provision(available.uuid, { target: 'active', deploy_steps: [{ interface: 'deploy', step: 'deploy', priority: 1 }] }, { apiMinor: 68 }))
      .rejects.toMatchObject({ status: 406 });
    expect((await h.node(uuid)).provision_state).toBe('manageable');
  });

  it('rejects over the concurrent deploy limit with ConcurrentActionLimit 503', async () => {
    const h = createConductorHarness({ overrides: { limits: { maxConcurrentDeploy: 1, maxConcurrentClean: 50, workersPoolSize: 300 } } });
    await h.addNode({ provision_state: 'wait call-back' });
    const { uuid } = await h.addNode({ provision_state: 'available' });
    await expect(h.actions.provision(uuid, { target: 'active' }, ADMIN)).rejects.toMatchObject({ code: 'ConcurrentActionLimit', status: 503 });
  });

  it('answers NoFreeConductorWorker 503 while every worker is busy, and changes nothing', async () => {
    const h = createConductorHarness({ overrides: { limits: { maxConcurrentDeploy: 250, maxConcurrentClean: 50, workersPoolSize: 1 } } });
    const { uuid: slow } = await h.addNode({ driver_info: {}, provision_state: 'manageable' });
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    let release: () => void = () => undefined;
    h.deps.tasks.spawn('occupies the only worker', () => new Promise<void>((ok) => { release = ok; }));
    await expect(h.actions.provision(uuid, { target: 'inspect' }, ADMIN)).rejects.toMatchObject({ code: 'NoFreeConductorWorker', status: 503 });
    await expect(h.actions.setPower(slow, 'power on', undefined, ADMIN)).rejects.toMatchObject({ code: 'NoFreeConductorWorker' });
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'manageable', reservation: null, target_provision_state: null });
    release();
    await h.settle();
    await h.actions.provision(uuid, { target: 'inspect' }, ADMIN);
    await h.settle();
    expect((await h.node(uuid)).provision_state).toBe('manageable');
  });

  it('returns a node that fails verification to enroll with the cause in last_error', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode();
    h.machines.setReachable(uuid, false);
    await h.actions.provision(uuid, { target: 'manage' }, ADMIN);
    await h.settle();
    const node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'enroll', target_provision_state: null, reservation: null });
    expect(node.last_error).toBe(`Failed to verify node ${uuid}: Fake BMC of node ${uuid} does not answer.`);
    const history = await h.deps.store.history.list(uuid, { limit: 100, sortKey: 'created_at', sortDir: 'asc' });
    expect(history.at(-1)).toMatchObject({ severity: 'ERROR', event_type: 'provisioning', event: node.last_error });

    h.machines.setReachable(uuid, true);
    await h.actions.provision(uuid, { target: 'manage' }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'manageable', last_error: null });
  });

  it('fails a deploy whose step fails, naming the step, and lets it be redeployed', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'available' });
    await h.actions.provision(uuid, { target: 'active', deploy_steps: [{ interface: 'deploy', step: 'fake_fail', priority: 90, args: { message: 'disk on fire' } }] }, ADMIN);
    await h.settle();
    const node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'deploy failed', target_provision_state: null, deploy_step: {} });
    expect(node.last_error).toBe(`Deploy step deploy.fake_fail failed: disk on fire (node ${uuid}).`);
    await h.actions.provision(uuid, { target: 'active' }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'active', last_error: null });
  });

  it('refuses to undeploy a protected node', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'active', protected: true });
    await expect(h.actions.provision(uuid, { target: 'deleted' }, ADMIN)).rejects.toMatchObject({ code: 'NodeProtected', status: 403 });
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'active', reservation: null });
  });

  it('retries a briefly locked node before giving up', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await h.deps.store.nodes.reserve(uuid, 'conductor-a');
    const pending = h.actions.setMaintenance(uuid, true, 'x', ADMIN);
    await h.clock.advance(1_000);
    await h.deps.store.nodes.release(uuid, 'conductor-a');
    await h.clock.advance(1_000);
    await pending;
    expect((await h.node(uuid)).maintenance).toBe(true);

    await h.deps.store.nodes.reserve(uuid, 'conductor-b');
    const locked = h.actions.setMaintenance(uuid, false, null, ADMIN);
    const assertion = expect(locked).rejects.toMatchObject({ code: 'NodeLocked' });
    await h.clock.advance(3_000);
    await assertion;
  });
});
