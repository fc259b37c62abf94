import { describe, expect, it } from 'vitest';
import { AgentInfoKey, InvalidParameterValue, isoTimestamp, type NodeRecord } from '../../core/index.js';
import type { HeartbeatOutcome } from '../../drivers/interfaces/index.js';
import { createConductorHarness, type ConductorHarness } from '../../test/support/conductor-harness.js';
import { agentHeartbeat } from './agent-heartbeat.js';
import { DEFAULT_AGENT_SETTINGS } from './agent-settings.js';

const TOKEN = 't'.repeat(43);
const HEARTBEAT = { callbackUrl: 'https://10.254.0.100:9999', agentToken: TOKEN, agentVersion: '1.0.0', agentStatusMessage: 'write_image: 40 of 320 MiB (12%), 5.1 MB/s' };

/** A harness whose fake deploy interface handles heartbeats by waiting (an agent still writing the image). */
async function waitingNode(fields: Partial<NodeRecord>): Promise<{ h: ConductorHarness; node: NodeRecord; started: string }> {
  const h = createConductorHarness();
  const started = isoTimestamp(h.clock.now());
  const node = await h.addNode({ provision_updated_at: started, driver_internal_info: { [AgentInfoKey.Token]: TOKEN }, ...fields });
  h.deps.drivers.forNode(node).deploy.heartbeat = (): Promise<HeartbeatOutcome> => Promise.resolve({ action: 'wait' });
  await h.clock.advance(45_000);
  return { h, node, started };
}

// Issue #5: the callback timeout must count from the agent's last heartbeat (Ironic's touch_provisioning), not
// from the start of the wait, or a live agent writing a large image is failed by the timeout.
describe('agentHeartbeat and the callback timeout', () => {
  it('moves provision_updated_at when a deploy, clean or service wait handles the heartbeat', async () => {
    for (const state of ['wait call-back', 'clean wait', 'service wait'] as const) {
      const { h, node } = await waitingNode({ provision_state: state });
      await agentHeartbeat(h.deps, DEFAULT_AGENT_SETTINGS, node.uuid, HEARTBEAT);
      await h.settle();
      const after = await h.node(node.uuid);
      expect(after.provision_updated_at, state).toBe(isoTimestamp(h.clock.now()));
      expect(after.driver_internal_info[AgentInfoKey.LastStatus]).toBe(HEARTBEAT.agentStatusMessage);
    }
  });

  it('leaves provision_updated_at alone in maintenance, outside the step waits, and for a forged token', async () => {
    const cases: Array<[string, Partial<NodeRecord>, string]> = [
      ['maintenance', { provision_state: 'wait call-back', maintenance: true }, TOKEN],
      ['inspect wait', { provision_state: 'inspect wait' }, TOKEN],
      ['forged token', { provision_state: 'wait call-back' }, 'x'.repeat(43)],
    ];
    for (const [label, fields, token] of cases) {
      const { h, node, started } = await waitingNode(fields);
      const sent = agentHeartbeat(h.deps, DEFAULT_AGENT_SETTINGS, node.uuid, { ...HEARTBEAT, agentToken: token });
      if (token === TOKEN) await sent;
      else await expect(sent).rejects.toBeInstanceOf(InvalidParameterValue);
      await h.settle();
      expect((await h.node(node.uuid)).provision_updated_at, label).toBe(started);
    }
  });
});
