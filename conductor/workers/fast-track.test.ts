import { describe, expect, it } from 'vitest';
import { AgentInfoKey, isoTimestamp } from '../../core/index.js';
import { fastTrackDecision, type FastTrackNode } from './fast-track.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ON = { enabled: true, timeoutS: 300 };

/** A node whose agent heartbeated `ageS` seconds ago, with its session (token, URL) intact. */
function nodeWith(ageS: number, fields: Partial<FastTrackNode> = {}): FastTrackNode {
  return {
    maintenance: false, last_error: null,
    driver_internal_info: {
      [AgentInfoKey.Token]: 't'.repeat(43), [AgentInfoKey.Url]: 'https://10.0.0.5:9999',
      [AgentInfoKey.LastHeartbeat]: isoTimestamp(NOW - ageS * 1000),
    },
    ...fields,
  };
}

describe('fastTrackDecision (Ironic is_fast_track)', () => {
  it('reuses a powered-on agent that heartbeated within the timeout, reporting the heartbeat age', () => {
    expect(fastTrackDecision(nodeWith(42), 'power on', ON, NOW)).toEqual({ reuse: true, heartbeatAgeS: 42 });
  });

  it('never fast-tracks when disabled (the default)', () => {
    expect(fastTrackDecision(nodeWith(1), 'power on', { enabled: false, timeoutS: 300 }, NOW)).toEqual({ reuse: false, reason: 'fast-track is disabled' });
  });

  it('refuses a heartbeat older than the timeout, and accepts one exactly at it', () => {
    expect(fastTrackDecision(nodeWith(301), 'power on', ON, NOW)).toEqual({ reuse: false, reason: "the agent's last heartbeat is 301 s old (fast-track timeout 300 s)" });
    expect(fastTrackDecision(nodeWith(300), 'power on', ON, NOW).reuse).toBe(true);
  });

  it('refuses a node that is powered off or whose power state is unknown', () => {
    expect(fastTrackDecision(nodeWith(1), 'power off', ON, NOW)).toEqual({ reuse: false, reason: 'the node is not powered on (power off)' });
    expect(fastTrackDecision(nodeWith(1), null, ON, NOW)).toEqual({ reuse: false, reason: 'the node is not powered on (unknown)' });
  });

  it('refuses a node with last_error or in maintenance', () => {
    expect(fastTrackDecision(nodeWith(1, { last_error: 'boom' }), 'power on', ON, NOW)).toEqual({ reuse: false, reason: 'the node has a last_error' });
    expect(fastTrackDecision(nodeWith(1, { last_error: '' }), 'power on', ON, NOW).reuse).toBe(true);
    expect(fastTrackDecision(nodeWith(1, { maintenance: true }), 'power on', ON, NOW)).toEqual({ reuse: false, reason: 'the node is in maintenance' });
  });

  it('refuses when the session ended: token cleared, no callback URL, no heartbeat recorded', () => {
    const base = nodeWith(1);
    const without = (key: string): FastTrackNode => ({ ...base, driver_internal_info: { ...base.driver_internal_info, [key]: null } });
    expect(fastTrackDecision(without(AgentInfoKey.Token), 'power on', ON, NOW).reuse).toBe(false);
    expect(fastTrackDecision(without(AgentInfoKey.Url), 'power on', ON, NOW).reuse).toBe(false);
    expect(fastTrackDecision(without(AgentInfoKey.LastHeartbeat), 'power on', ON, NOW).reuse).toBe(false);
  });

  it('keeping the agent at the end of a run needs the token and power, not a recent heartbeat', () => {
    const inspected: FastTrackNode = { maintenance: false, last_error: null, driver_internal_info: { [AgentInfoKey.Token]: 't'.repeat(43) } };
    expect(fastTrackDecision(inspected, 'power on', ON, NOW, 'keep')).toEqual({ reuse: true, heartbeatAgeS: 0 });
    expect(fastTrackDecision(inspected, 'power on', ON, NOW, 'reuse').reuse).toBe(false);
    expect(fastTrackDecision({ ...inspected, last_error: 'inspection failed' }, 'power on', ON, NOW, 'keep').reuse).toBe(false);
    expect(fastTrackDecision(inspected, 'power off', ON, NOW, 'keep').reuse).toBe(false);
  });
});
