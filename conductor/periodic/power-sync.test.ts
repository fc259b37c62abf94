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
});
