import { describe, expect, it } from 'vitest';
import { ADMIN, createConductorHarness } from '../../test/support/conductor-harness.js';

async function historyOf(h: ReturnType<typeof createConductorHarness>, uuid: string): Promise<string[]> {
  const events = await h.deps.store.history.list(uuid, { limit: 1000, sortKey: 'created_at', sortDir: 'asc' });
  return events.map((e) => `${e.event_type}:${e.severity}:${e.event}`);
}

describe('provision lifecycle with fake hardware', () => {
  it('goes enroll -> manageable -> inspected -> available -> active -> available, as Ironic does', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ name: 'n1' });

    await h.actions.provision('n1', { target: 'manage' }, ADMIN);
    await h.settle();
    let node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'manageable', target_provision_state: null, power_state: 'power off', reservation: null, last_error: null });

    await h.actions.provision(uuid, { target: 'inspect' }, ADMIN);
    await h.settle();
    node = await h.node(uuid);
    expect(node.provision_state).toBe('manageable');
    expect(node.properties).toMatchObject({ cpus: 8, memory_mb: 16384, local_gb: 100, cpu_arch: 'x86_64' });
    expect(node.inspection_finished_at).not.toBeNull();
    const ports = await h.deps.store.ports.list({ node_uuid: uuid }, { limit: 10, sortKey: 'id', sortDir: 'asc' });
    expect(ports).toHaveLength(1);

    await h.actions.provision(uuid, { target: 'provide' }, ADMIN);
    await h.settle();
    node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'available', target_provision_state: null, clean_step: {} });
    expect(node.driver_internal_info['clean_steps']).toBeUndefined();

    await h.deps.store.nodes.update(uuid, node.version, { instance_uuid: '11111111-2222-3333-4444-555555555555', instance_info: { image_source: 'http://x/img.qcow2' } });
    await h.actions.provision(uuid, { target: 'active' }, ADMIN);
    await h.settle();
    node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'active', target_provision_state: null, power_state: 'power on', deploy_step: {} });
    expect(node.instance_info).toEqual({ image_source: 'http://x/img.qcow2', image_type: 'whole-disk' });

    await h.actions.provision(uuid, { target: 'deleted' }, ADMIN);
    await h.settle();
    node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'available', target_provision_state: null, instance_info: {}, instance_uuid: null, power_state: 'power off' });
    expect(node.driver_internal_info['is_whole_disk_image']).toBeUndefined();

    const history = await historyOf(h, uuid);
    expect(history).toEqual(expect.arrayContaining([
      'provisioning:INFO:enroll -> verifying (manage)', 'provisioning:INFO:verifying -> manageable (done)',
      'provisioning:INFO:available -> deploying (deploy)', 'power:INFO:power off -> power on (power on)',
      'provisioning:INFO:deploying -> active (done)', 'provisioning:INFO:active -> deleting (delete)',
      'provisioning:INFO:deleting -> cleaning (clean)', 'provisioning:INFO:cleaning -> available (done)',
    ]));
    const users = await h.deps.store.history.list(uuid, { limit: 1000, sortKey: 'created_at', sortDir: 'asc' });
    expect(users.find((e) => e.event.includes('(manage)'))).toMatchObject({ user: 'admin', conductor: 'conductor-a' });
  });

  it('shows target_provision_state while a deploy runs and holds the reservation', async () => {
    const h = createConductorHarness({ delays: { deployDelayMs: 5_000 } });
    const { uuid } = await h.addNode({ provision_state: 'available' });
    await h.actions.provision(uuid, { target: 'active' }, ADMIN);
    await h.clock.advance(0);
    const node = await h.node(uuid);
    expect(node).toMatchObject({ provision_state: 'deploying', target_provision_state: 'active', reservation: 'conductor-a' });
    await expect(h.actions.provision(uuid, { target: 'deleted' }, ADMIN)).rejects.toMatchObject({ code: 'NodeLocked', status: 409 });
    await h.clock.advance(5_000);
    await h.settle();
    expect((await h.node(uuid)).provision_state).toBe('active');
  });

  it('skips cleaning when automated_clean is disabled on the node', async () => {
    const h = createConductorHarness({ delays: { cleanDelayMs: 1_000 } });
    const { uuid } = await h.addNode({ provision_state: 'manageable', automated_clean: false });
    await h.actions.provision(uuid, { target: 'provide' }, ADMIN);
    await h.settle();
    expect((await h.node(uuid)).provision_state).toBe('available');
    const history = await historyOf(h, uuid);
    expect(history.some((e) => e.includes('clean_step'))).toBe(false);
  });
});
