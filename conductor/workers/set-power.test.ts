import { describe, expect, it } from 'vitest';
import { ADMIN, createConductorHarness } from '../../test/support/conductor-harness.js';

describe('setPower', () => {
  it('shows the target at once, then records the confirmed state and history', async () => {
    const h = createConductorHarness({ delays: { powerDelayMs: 3_000 } });
    const { uuid } = await h.addNode({ provision_state: 'manageable', power_state: 'power off' });
    await h.actions.setPower(uuid, 'power on', undefined, ADMIN);
    expect(await h.node(uuid)).toMatchObject({ target_power_state: 'power on', power_state: 'power off', reservation: 'conductor-a' });
    await h.clock.advance(3_000);
    await h.settle();
    const node = await h.node(uuid);
    expect(node).toMatchObject({ target_power_state: null, power_state: 'power on', reservation: null, last_error: null });
    expect(node.driver_internal_info['last_power_state_change']).toEqual(expect.any(String));
    const history = await h.deps.store.history.list(uuid, { limit: 10, sortKey: 'created_at', sortDir: 'asc' });
    expect(history.map((e) => [e.event_type, e.event, e.user])).toContainEqual(['power', 'power off -> power on (power on)', 'admin']);
  });

  it('records a BMC failure in last_error and clears the target', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable', power_state: 'power off' });
    h.machines.setReachable(uuid, false);
    await h.actions.setPower(uuid, 'rebooting', undefined, ADMIN);
    await h.settle();
    const node = await h.node(uuid);
    expect(node).toMatchObject({ target_power_state: null, power_state: 'power off' });
    expect(node.last_error).toBe(`Failed to change power state to 'power on' by 'rebooting': Fake BMC of node ${uuid} does not answer.`);
  });

  it('refuses power changes while cleaning, soft targets before 1.27 and bad timeouts', async () => {
    const h = createConductorHarness();
    const cleaning = await h.addNode({ provision_state: 'clean wait' });
    await expect(h.actions.setPower(cleaning.uuid, 'power on', undefined, ADMIN)).rejects.toMatchObject({ code: 'InvalidStateRequested', status: 400 });
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await expect(h.actions.setPower(uuid, 'soft power off', undefined, { apiMinor: 26 })).rejects.toMatchObject({ status: 406 });
    await expect(h.actions.setPower(uuid, 'power on', 0, ADMIN)).rejects.toThrow('timeout has to be positive integer');
  });
});

describe('maintenance, validate and management', () => {
  it('sets and clears maintenance with reason and fault, recording history', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable', fault: 'power failure' });
    await h.actions.setMaintenance(uuid, true, 'broken fan', ADMIN);
    expect(await h.node(uuid)).toMatchObject({ maintenance: true, maintenance_reason: 'broken fan' });
    await h.actions.setMaintenance(uuid, false, null, ADMIN);
    expect(await h.node(uuid)).toMatchObject({ maintenance: false, maintenance_reason: null, fault: null, reservation: null });
    const history = await h.deps.store.history.list(uuid, { limit: 10, sortKey: 'created_at', sortDir: 'asc' });
    expect(history.map((e) => `${e.event_type}:${e.event}`)).toEqual(['maintenance:Maintenance set: broken fan', 'maintenance:Maintenance unset']);
  });

  it('validates every interface but vendor', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ inspect_interface: 'no-inspect' });
    const result = await h.actions.validate(uuid);
    expect(Object.keys(result)).not.toContain('vendor');
    expect(result['power']).toEqual({ result: true, reason: null });
    expect(result['inspect']).toEqual({ result: false, reason: 'Driver fake-hardware does not support inspect (disabled or not implemented).' });
  });

  it('sets and reads the boot device, refusing unsupported ones', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode();
    await h.actions.setBootDevice(uuid, 'disk', true, ADMIN);
    await expect(h.actions.getBootDevice(uuid)).resolves.toEqual({ boot_device: 'disk', persistent: true });
    await expect(h.actions.setBootDevice(uuid, 'wanboot', false, ADMIN)).rejects.toThrow('Invalid boot device wanboot specified.');
    await expect(h.actions.getSupportedBootDevices(uuid)).resolves.toContain('pxe');
  });

  it('refuses inspection through no-inspect before any state change', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable', inspect_interface: 'no-inspect' });
    await expect(h.actions.provision(uuid, { target: 'inspect' }, ADMIN)).rejects.toMatchObject({ code: 'UnsupportedDriverExtension' });
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'manageable', reservation: null });
  });

  it('rescues and unrescues, keeping the password only while rescued', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'active' });
    await h.actions.provision(uuid, { target: 'rescue', rescue_password: 's3cret' }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'rescue', instance_info: { rescue_password: 's3cret' } });
    await h.actions.provision(uuid, { target: 'unrescue' }, ADMIN);
    await h.settle();
    const node = await h.node(uuid);
    expect(node.provision_state).toBe('active');
    expect(node.instance_info['rescue_password']).toBeUndefined();
  });

  it('adopts a manageable node into active and services it', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'manageable' });
    await h.actions.provision(uuid, { target: 'adopt' }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'active', power_state: 'power off' });
    await h.actions.provision(uuid, { target: 'service', service_steps: [{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'X', value: '1' }] } }] }, ADMIN);
    await h.settle();
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'active', service_step: {} });
    expect(h.machines.machine(uuid).bios).toContainEqual({ name: 'X', value: '1' });
  });
});
