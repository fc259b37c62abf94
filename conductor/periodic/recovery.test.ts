import { describe, expect, it } from 'vitest';
import { isoTimestamp, STUCK_STATES } from '../../core/index.js';
import { createConductorHarness } from '../../test/support/conductor-harness.js';
import { checkCallbackTimeouts } from './callback-timeouts.js';
import { loadCluster } from './conductor-registration.js';
import { createHashRing } from './hash-ring.js';
import { takeOverOrphans } from './orphans.js';
import { recoverOnStart } from './recovery.js';
import { startConductor } from './start-conductor.js';

const signal = new AbortController().signal;

describe('restart recovery', () => {
  it('fails every node left in a transient state by this host or a dead conductor, and nothing is left stuck', async () => {
    const h = createConductorHarness();
    const old = isoTimestamp(h.clock.now() - 3_600_000);
    await h.deps.store.conductors.register({ hostname: 'dead-host', conductor_group: '', drivers: ['fake-hardware'] }, old);
    const mine = await h.addNode({ provision_state: 'deploying', reservation: 'conductor-a', target_power_state: 'power on', deploy_step: { interface: 'deploy', step: 'write_image' } });
    const theirs = await h.addNode({ provision_state: 'cleaning', reservation: 'dead-host' });
    const free = await h.addNode({ provision_state: 'verifying' });
    const deleting = await h.addNode({ provision_state: 'deleting', reservation: 'conductor-a' });
    const waiting = await h.addNode({ provision_state: 'wait call-back', reservation: 'conductor-a' });

    const report = await recoverOnStart(h.deps, await loadCluster(h.deps, 60_000));
    expect(report.failed.sort()).toEqual([mine.uuid, theirs.uuid, free.uuid, deleting.uuid].sort());
    const node = await h.node(mine.uuid);
    expect(node).toMatchObject({ provision_state: 'deploy failed', target_provision_state: null, reservation: null, target_power_state: null, deploy_step: {} });
    expect(node.last_error).toMatch(/^The deploying state can't be resumed by conductor conductor-a\. Moving to fail state\. \(it was left by conductor conductor-a, during step deploy\.write_image/);
    expect(await h.node(theirs.uuid)).toMatchObject({ provision_state: 'clean failed', reservation: null });
    expect((await h.node(theirs.uuid)).last_error).toContain('left by conductor dead-host');
    expect(await h.node(free.uuid)).toMatchObject({ provision_state: 'enroll' });
    expect(await h.node(deleting.uuid)).toMatchObject({ provision_state: 'error' });
    expect(await h.node(waiting.uuid)).toMatchObject({ provision_state: 'wait call-back', reservation: null });
    const stuck = await h.deps.store.nodes.count({ provision_states: [...STUCK_STATES] });
    expect(stuck).toBe(0);
  });

  it('leaves nodes held by a live conductor alone', async () => {
    const h = createConductorHarness();
    await h.deps.store.conductors.register({ hostname: 'alive-host', conductor_group: '', drivers: ['fake-hardware'] }, isoTimestamp(h.clock.now()));
    const busy = await h.addNode({ provision_state: 'deploying', reservation: 'alive-host' });
    await recoverOnStart(h.deps, await loadCluster(h.deps, 60_000));
    expect(await h.node(busy.uuid)).toMatchObject({ provision_state: 'deploying', reservation: 'alive-host' });
  });
});

describe('callback timeouts', () => {
  it('fails a wait call-back node past the timeout, saying no heartbeat ever came', async () => {
    const h = createConductorHarness();
    const stale = isoTimestamp(h.clock.now() - 1_900_000);
    const silent = await h.addNode({ provision_state: 'wait call-back', provision_updated_at: stale });
    const heard = await h.addNode({ provision_state: 'clean wait', provision_updated_at: stale, driver_internal_info: { agent_last_heartbeat: '2025-12-31T23:40:00+00:00' }, clean_step: { interface: 'deploy', step: 'erase_devices' } });
    const fresh = await h.addNode({ provision_state: 'wait call-back', provision_updated_at: isoTimestamp(h.clock.now() - 60_000) });
    await checkCallbackTimeouts(h.deps, await loadCluster(h.deps, 60_000), signal);
    const a = await h.node(silent.uuid);
    expect(a.provision_state).toBe('deploy failed');
    expect(a.last_error).toBe(`Timeout reached while waiting for callback for node ${silent.uuid}. The agent never looked up: the ramdisk did not boot or could not reach the API at its ipa-api-url (see httpBoot.apiUrls).`);
    const b = await h.node(heard.uuid);
    expect(b).toMatchObject({ provision_state: 'clean failed', maintenance: true, fault: 'clean failure' });
    expect(b.last_error).toContain('Failed on step deploy.erase_devices.');
    expect(b.last_error).toContain('The last heartbeat from the agent was received at 2025-12-31T23:40:00+00:00.');
    expect((await h.node(fresh.uuid)).provision_state).toBe('wait call-back');
  });
});

describe('cluster', () => {
  it('spreads nodes over alive conductors so that each has one owner', () => {
    const conductors = ['a', 'b', 'c'].map((hostname) => ({ hostname, conductor_group: '', drivers: ['fake-hardware'] }));
    const ring = createHashRing(conductors);
    const owners = new Map<string, number>();
    for (let i = 0; i < 300; i += 1) {
      const owner = ring.ownerOf({ uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, driver: 'fake-hardware', conductor_group: '' });
      owners.set(owner ?? 'none', (owners.get(owner ?? 'none') ?? 0) + 1);
    }
    expect([...owners.keys()].sort()).toEqual(['a', 'b', 'c']);
    for (const count of owners.values()) expect(count).toBeGreaterThan(50);
    expect(ring.ownerOf({ uuid: 'x', driver: 'fake-hardware', conductor_group: 'rack2' })).toBeUndefined();
    expect(createHashRing(conductors).ownerOf({ uuid: 'x', driver: 'fake-hardware', conductor_group: '' }))
      .toBe(ring.ownerOf({ uuid: 'x', driver: 'fake-hardware', conductor_group: '' }));
  });

  it('takes over nodes reserved by a dead conductor, aborting pending power and failing transient states', async () => {
    const h = createConductorHarness();
    await h.deps.store.conductors.register({ hostname: 'dead-host', conductor_group: '', drivers: ['fake-hardware'] }, isoTimestamp(h.clock.now() - 120_000));
    const powering = await h.addNode({ provision_state: 'active', reservation: 'dead-host', target_power_state: 'power off' });
    const deploying = await h.addNode({ provision_state: 'deploying', reservation: 'dead-host' });
    const taken = await takeOverOrphans(h.deps, await loadCluster(h.deps, 60_000), signal);
    expect(taken.sort()).toEqual([powering.uuid, deploying.uuid].sort());
    expect(await h.node(powering.uuid)).toMatchObject({ reservation: null, target_power_state: null, last_error: 'Pending power operation was aborted due to conductor take over' });
    expect(await h.node(deploying.uuid)).toMatchObject({ provision_state: 'deploy failed', reservation: null });
  });

  it('registers on start, heartbeats, and unregisters on stop after running work ends', async () => {
    const h = createConductorHarness({ delays: { deployDelayMs: 1_000 } });
    const running = await startConductor(h.deps, { powerSyncIntervalMs: 0 });
    expect(await h.deps.store.conductors.list()).toEqual([expect.objectContaining({ hostname: 'conductor-a', online: true, drivers: ['fake-hardware', 'manual-management'] })]);
    const { uuid } = await h.addNode({ provision_state: 'available' });
    await h.actions.provision(uuid, { target: 'active' }, { apiMinor: 95 });
    await h.clock.advance(10_000);
    const stopping = running.stop();
    await h.clock.advance(1_000);
    await stopping;
    expect(await h.node(uuid)).toMatchObject({ provision_state: 'active', reservation: null });
    expect(await h.deps.store.conductors.list()).toEqual([expect.objectContaining({ online: false })]);
    await expect(h.actions.provision(uuid, { target: 'deleted' }, { apiMinor: 95 })).rejects.toMatchObject({ code: 'TemporaryFailure', status: 503 });
  });
});
