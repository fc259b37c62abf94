import { describe, expect, it } from 'vitest';
import { createConductorHarness } from '../../test/support/conductor-harness.js';
import { loadCluster } from './conductor-registration.js';
import { DEFAULT_PERIODIC_CONFIG } from './periodic-config.js';
import { recoverPowerFailures, syncPowerStates, type PowerSyncFailures } from './power-sync.js';

const signal = new AbortController().signal;

describe('power state sync', () => {
  it('puts a node in maintenance after max retries of failures, with Ironic reason, and recovers it', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'active', power_state: 'power on' });
    h.machines.machine(uuid).power = 'power on';
    h.machines.setReachable(uuid, false);
    const failures: PowerSyncFailures = new Map();
    const run = async () => syncPowerStates(h.deps, await loadCluster(h.deps, 60_000), failures, DEFAULT_PERIODIC_CONFIG, signal);
    for (let i = 1; i <= 3; i += 1) {
      await run();
      expect(failures.get(uuid)).toBe(i);
      expect((await h.node(uuid)).maintenance).toBe(false);
    }
    await run();
    const node = await h.node(uuid);
    expect(node).toMatchObject({ maintenance: true, fault: 'power failure', power_state: null, reservation: null });
    expect(node.maintenance_reason).toBe(`During sync_power_state, max retries exceeded for node ${uuid}, node state None does not match expected state 'power on'. Updating DB state to 'None' Switching node to maintenance mode. Error: Fake BMC of node ${uuid} does not answer.`);

    await run(); // maintenance nodes are skipped
    await recoverPowerFailures(h.deps, await loadCluster(h.deps, 60_000), 8, signal);
    expect((await h.node(uuid)).maintenance).toBe(true); // BMC still silent

    h.machines.setReachable(uuid, true);
    await recoverPowerFailures(h.deps, await loadCluster(h.deps, 60_000), 8, signal);
    expect(await h.node(uuid)).toMatchObject({ maintenance: false, fault: null, maintenance_reason: null, power_state: 'power on' });
    const history = await h.deps.store.history.list(uuid, { limit: 20, sortKey: 'created_at', sortDir: 'asc' });
    expect(history.map((e) => `${e.event_type}:${e.severity}`)).toEqual(['monitoring:ERROR', 'maintenance:INFO']);
  });

  it('pushes the recorded state to the hardware on a mismatch, and records the first state it sees', async () => {
    const h = createConductorHarness();
    const a = await h.addNode({ provision_state: 'active', power_state: 'power on' });
    const b = await h.addNode({ provision_state: 'available', power_state: null });
    h.machines.machine(a.uuid).power = 'power off'; // someone switched it off behind our back
    h.machines.machine(b.uuid).power = 'power on';
    await syncPowerStates(h.deps, await loadCluster(h.deps, 60_000), new Map(), DEFAULT_PERIODIC_CONFIG, signal);
    expect(h.machines.machine(a.uuid).power).toBe('power on');
    expect(await h.node(a.uuid)).toMatchObject({ power_state: 'power on', target_power_state: null });
    expect(await h.node(b.uuid)).toMatchObject({ power_state: 'power on' });
  });

  it('records the hardware state instead when forcing is off', async () => {
    const h = createConductorHarness();
    const { uuid } = await h.addNode({ provision_state: 'active', power_state: 'power on' });
    await syncPowerStates(h.deps, await loadCluster(h.deps, 60_000), new Map(), { ...DEFAULT_PERIODIC_CONFIG, forcePowerStateDuringSync: false }, signal);
    expect(await h.node(uuid)).toMatchObject({ power_state: 'power off' });
  });

  it('skips maintenance, reserved, enroll, wait-state nodes and nodes with a target power state', async () => {
    const h = createConductorHarness();
    const skipped = [
      await h.addNode({ provision_state: 'active', power_state: 'power on', maintenance: true }),
      await h.addNode({ provision_state: 'active', power_state: 'power on', reservation: 'other' }),
      await h.addNode({ provision_state: 'enroll', power_state: 'power on' }),
      await h.addNode({ provision_state: 'clean wait', power_state: 'power on' }),
      await h.addNode({ provision_state: 'active', power_state: 'power on', target_power_state: 'power off' }),
    ];
    await syncPowerStates(h.deps, await loadCluster(h.deps, 60_000), new Map(), DEFAULT_PERIODIC_CONFIG, signal);
    for (const node of skipped) expect(h.machines.machine(node.uuid).power).toBe('power off');
  });

  it('summarises each pass: nodes checked, in sync, changed, failed, put in maintenance, and recovered', async () => {
    const h = createConductorHarness();
    const inSync = await h.addNode({ provision_state: 'active', power_state: 'power off' });
    const flipped = await h.addNode({ provision_state: 'active', power_state: 'power on' });
    const silent = await h.addNode({ provision_state: 'active', power_state: 'power on' });
    await h.addNode({ provision_state: 'enroll', power_state: 'power on' }); // not a candidate
    h.machines.machine(silent.uuid).power = 'power on';
    h.machines.setReachable(silent.uuid, false);
    const failures: PowerSyncFailures = new Map();
    const run = async () => syncPowerStates(h.deps, await loadCluster(h.deps, 60_000), failures, DEFAULT_PERIODIC_CONFIG, signal);
    expect(await run()).toMatchObject({ checked: 3, inSync: 1, changed: 1, failed: 1, maintenance: 0, skipped: 0 });
    expect(h.machines.machine(flipped.uuid).power).toBe('power on'); // pushed back to the recorded state
    const events = await h.deps.store.history.list(flipped.uuid, { limit: 20, sortKey: 'created_at', sortDir: 'asc' });
    expect(events.map((e) => `${e.severity}:${e.event}`)).toContain(
      "WARNING:Power state mismatch found by sync: hardware is 'power off', recorded 'power on'; changing hardware state to 'power on'",
    );
    expect(await run()).toMatchObject({ checked: 3, inSync: 2, changed: 0, failed: 1, maintenance: 0 });
    await run();
    const last = await run();
    expect(last).toMatchObject({ checked: 3, inSync: 2, failed: 0, maintenance: 1 });
    expect(last.durationMs).toBeGreaterThanOrEqual(0);
    expect(await run()).toMatchObject({ checked: 2, inSync: 2, maintenance: 0 }); // maintenance nodes are skipped
    expect(await h.node(inSync.uuid)).toMatchObject({ power_state: 'power off', maintenance: false });

    const cluster = await loadCluster(h.deps, 60_000);
    expect(await recoverPowerFailures(h.deps, cluster, 8, signal)).toMatchObject({ checked: 1, recovered: 0 });
    h.machines.setReachable(silent.uuid, true);
    expect(await recoverPowerFailures(h.deps, cluster, 8, signal)).toMatchObject({ checked: 1, recovered: 1 });
  });
});
