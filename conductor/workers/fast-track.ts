import { AgentInfoKey, type NodeRecord, type PowerState } from '../../core/index.js';

/** Fast-track ([deploy]fast_track): reuse a running agent ramdisk instead of rebooting into a fresh one. */
export interface FastTrackSettings {
  /** Off by default, as in Ironic. */
  enabled: boolean;
  /** A heartbeat older than this means the agent may be gone ([deploy]fast_track_timeout, 300 s). */
  timeoutS: number;
}

/** Fast-track off: Ironic's default. */
export const FAST_TRACK_OFF: FastTrackSettings = { enabled: false, timeoutS: 300 };

/** Whether the running ramdisk may be reused now, and why not when it may not. */
export type FastTrackDecision =
  | { reuse: true; heartbeatAgeS: number }
  | { reuse: false; reason: string };

/** The node fields the decision reads. */
export type FastTrackNode = Pick<NodeRecord, 'driver_internal_info' | 'last_error' | 'maintenance'>;

/**
 * What the decision is for: `reuse` a running agent at the start of a run, or `keep` it running at the
 * successful end of one (cleaning, inspection), which just talked to the agent: a sign of life newer than any
 * heartbeat, so the heartbeat age is not checked there (inspection ends before the agent's first heartbeat).
 */
export type FastTrackUse = 'reuse' | 'keep';

/**
 * Ironic's is_fast_track (conductor/utils.py): enabled, the agent heartbeated within the timeout, the machine
 * is powered on (as the BMC reports it now, `powerState`), and last_error is empty. Ferro also refuses when
 * the node is in maintenance or the agent's token was cleared: either means the session ended, and a reused
 * agent without its token could not be trusted or reached.
 */
export function fastTrackDecision(node: FastTrackNode, powerState: PowerState | null, settings: FastTrackSettings, nowMs: number, use: FastTrackUse = 'reuse'): FastTrackDecision {
  if (!settings.enabled) return { reuse: false, reason: 'fast-track is disabled' };
  if (node.maintenance) return { reuse: false, reason: 'the node is in maintenance' };
  if (node.last_error !== null && node.last_error !== '') return { reuse: false, reason: 'the node has a last_error' };
  const info = node.driver_internal_info;
  const token = info[AgentInfoKey.Token];
  if (typeof token !== 'string' || token === '') return { reuse: false, reason: 'the agent token was cleared (the ramdisk session ended)' };
  let heartbeatAgeS = 0;
  if (use === 'reuse') {
    const url = info[AgentInfoKey.Url];
    if (typeof url !== 'string' || url === '') return { reuse: false, reason: 'the agent has not heartbeated in this session' };
    const last = info[AgentInfoKey.LastHeartbeat];
    const lastMs = typeof last === 'string' ? Date.parse(last) : Number.NaN;
    if (Number.isNaN(lastMs)) return { reuse: false, reason: 'no agent heartbeat is recorded' };
    heartbeatAgeS = Math.max(0, Math.round((nowMs - lastMs) / 1000));
    if (nowMs - lastMs > settings.timeoutS * 1000) {
      return { reuse: false, reason: `the agent's last heartbeat is ${String(heartbeatAgeS)} s old (fast-track timeout ${String(settings.timeoutS)} s)` };
    }
  }
  if (powerState !== 'power on') return { reuse: false, reason: `the node is not powered on (${powerState ?? 'unknown'})` };
  return { reuse: true, heartbeatAgeS };
}
