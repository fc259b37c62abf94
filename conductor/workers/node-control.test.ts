import { describe, expect, it } from 'vitest';
import { AgentInfoKey, isoTimestamp, type NodeRecord } from '../../core/index.js';
import { createConductorHarness, type ConductorHarness } from '../../test/support/conductor-harness.js';
import { agentLookup } from './agent-lookup.js';
import type { FastTrackSettings } from './fast-track.js';
import { nodeControl } from './node-control.js';
import { acquireNode } from './node-task.js';

const TOKEN = 't'.repeat(43);

/** A powered-on node whose agent heartbeated `ageS` seconds ago, on a conductor with `fastTrack`. */
async function runningAgent(fastTrack: FastTrackSettings | undefined, ageS: number, fields: Partial<NodeRecord> = {}): Promise<{ h: ConductorHarness; node: NodeRecord }> {
  const h = createConductorHarness({ overrides: { provisioning: { automatedClean: true, ...(fastTrack ? { fastTrack } : {}) } } });
  await h.clock.advance(3_600_000);
  const node = await h.addNode({
    provision_state: 'available', power_state: 'power on',
    driver_internal_info: {
      [AgentInfoKey.Token]: TOKEN, [AgentInfoKey.Url]: 'https://10.0.0.5:9999', [AgentInfoKey.LastHeartbeat]: isoTimestamp(h.clock.now() - ageS * 1000),
    },
    ...fields,
  });
  h.machines.machine(node.uuid).power = 'power on';
  return { h, node };
}

async function ask(h: ConductorHarness, uuid: string, what: 'reuse' | 'keep' | 'keep-after-failure'): Promise<{ answer: boolean; events: string[] }> {
  const task = await acquireNode(h.deps, uuid, 'test');
  try {
    const ctx = nodeControl(h.deps, task, new AbortController().signal, task.log, { keepAgent: what === 'keep' });
    const answer = what === 'reuse' ? await ctx.reuseRunningAgent('deploy') : await ctx.canKeepAgent();
    const history = await h.deps.store.history.list(uuid, { limit: 10, sortKey: 'created_at', sortDir: 'asc' });
    return { answer, events: history.map((e) => e.event) };
  } finally {
    await task.release();
  }
}

describe('nodeControl fast-track services', () => {
  it('reuses a live agent and records why no reboot happens', async () => {
    const { h, node } = await runningAgent({ enabled: true, timeoutS: 300 }, 12);
    expect(await ask(h, node.uuid, 'reuse')).toEqual({ answer: true, events: ['fast-track: reused the running agent for deploy (last heartbeat 12 s ago)'] });
  });

  it('with fast-track off (the default) never reuses and records nothing', async () => {
    const { h, node } = await runningAgent(undefined, 1);
    expect(await ask(h, node.uuid, 'reuse')).toEqual({ answer: false, events: [] });
    expect(await ask(h, node.uuid, 'keep')).toEqual({ answer: false, events: [] });
  });

  it('records why an enabled fast-track was not used: stale heartbeat, machine off (asked from the BMC)', async () => {
    const stale = await runningAgent({ enabled: true, timeoutS: 300 }, 400);
    expect(await ask(stale.h, stale.node.uuid, 'reuse')).toEqual({
      answer: false, events: ["fast-track: not used for deploy (the agent's last heartbeat is 400 s old (fast-track timeout 300 s)); booting a fresh ramdisk"],
    });
    const off = await runningAgent({ enabled: true, timeoutS: 300 }, 1);
    off.h.machines.machine(off.node.uuid).power = 'power off'; // the record still says power on
    expect((await ask(off.h, off.node.uuid, 'reuse')).answer).toBe(false);
  });

  it('keeps the agent only at the successful end of a run', async () => {
    const { h, node } = await runningAgent({ enabled: true, timeoutS: 300 }, 1);
    expect(await ask(h, node.uuid, 'keep-after-failure')).toEqual({ answer: false, events: [] });
    expect(await ask(h, node.uuid, 'keep')).toEqual({ answer: true, events: ['fast-track: the agent ramdisk keeps running for the next operation (not powered off)'] });
  });
});

describe('agentLookup with fast-track', () => {
  it('is allowed in manageable and available only with fast-track on', async () => {
    for (const state of ['manageable', 'available', 'enroll'] as const) {
      const off = await runningAgent(undefined, 1, { provision_state: state, driver_internal_info: {} });
      await expect(agentLookup(off.h.deps, [], off.node.uuid), state).rejects.toMatchObject({ code: 'ResourceNotFound' });
      const on = await runningAgent({ enabled: true, timeoutS: 300 }, 1, { provision_state: state, driver_internal_info: {} });
      const found = await agentLookup(on.h.deps, [], on.node.uuid);
      expect(found.token, state).toHaveLength(43);
    }
  });

  it('stays refused in active, where the instance runs, fast-track or not', async () => {
    const on = await runningAgent({ enabled: true, timeoutS: 300 }, 1, { provision_state: 'active', driver_internal_info: {} });
    await expect(agentLookup(on.h.deps, [], on.node.uuid)).rejects.toMatchObject({ code: 'ResourceNotFound' });
  });
});
