import {
  AGENT_HEARTBEAT_VERSION,
  AGENT_STATUS_HEARTBEAT_VERSION,
  type Clock,
  type HeartbeatRequest,
  type Logger,
} from '../../core/index.js';
import { describe, type IronicApiClient } from './ironic-api-client.js';

/** What the heartbeat loop needs. */
export interface HeartbeaterOptions {
  client: IronicApiClient;
  nodeUuid: string;
  /** From lookup's config.heartbeat_timeout (Ironic [api]ramdisk_heartbeat_timeout, 300 s by default). */
  heartbeatTimeoutS: number;
  /** The body of the next heartbeat (current progress included). */
  body(): HeartbeatRequest;
  clock: Clock;
  random(): number;
  log: Logger;
  /** Called after each accepted heartbeat (main prints the console marker on the first). */
  onAccepted(): void;
}

/** The running loop. */
export interface Heartbeater {
  /** Heartbeats until `signal` aborts; resolves then. */
  run(signal: AbortSignal): Promise<void>;
  /** Heartbeat soon (a command finished): at once, or 1 s after the last one if that was more recent. */
  force(): void;
}

/**
 * Forced heartbeats (a command finished) go out at most this often. IPA waits 5 s (agent.py); every in-band step
 * then ended 4-5 s after the agent finished it (lab: firmware.update 4.7 s, erase_devices_metadata 4.6 s), so
 * Ferro's agent waits 1 s: one extra request per step is nothing to the conductor.
 */
const FORCED_MIN_INTERVAL_MS = 1_000;

/**
 * IPA's heartbeater (agent.py IronicPythonAgentHeartbeater): the first heartbeat at once, then every
 * heartbeat_timeout × U(0.3, 0.6), so the conductor hears from the agent 2-3 times per timeout; after an
 * error 5 × U(1, 2) s.
 */
export function createHeartbeater(options: HeartbeaterOptions): Heartbeater {
  let lastSentMs = Number.NEGATIVE_INFINITY;
  let wake: AbortController | undefined;
  let forcePending = false;

  async function beat(signal: AbortSignal): Promise<number> {
    const body = options.body();
    const version = body.agent_status === undefined ? AGENT_HEARTBEAT_VERSION : AGENT_STATUS_HEARTBEAT_VERSION;
    try {
      const response = await options.client.send({
        method: 'POST',
        path: `/v1/heartbeat/${encodeURIComponent(options.nodeUuid)}`,
        body,
        version,
        signal,
      });
      lastSentMs = options.clock.now();
      if (response.status !== 202 && response.status !== 200)
        throw new Error(`HTTP ${response.status}${describeFault(response.body)}`);
      options.log.debug({ status: body.agent_status, message: body.agent_status_message }, 'heartbeat accepted');
      options.onAccepted();
      return Math.round(options.heartbeatTimeoutS * 1000 * (0.3 + 0.3 * options.random()));
    } catch (error) {
      signal.throwIfAborted();
      const delayMs = Math.round(5000 * (1 + options.random()));
      options.log.warn({ error: describe(error), retry_ms: Math.round(delayMs) }, 'heartbeat failed');
      return delayMs;
    }
  }

  async function pause(delayMs: number, signal: AbortSignal): Promise<void> {
    if (!forcePending) {
      wake = new AbortController();
      try {
        await options.clock.sleep(delayMs, AbortSignal.any([signal, wake.signal]));
        return;
      } catch (error) {
        if (signal.aborted) throw error;
      } finally {
        wake = undefined;
      }
    }
    forcePending = false;
    const rest = lastSentMs + FORCED_MIN_INTERVAL_MS - options.clock.now();
    if (rest > 0) await options.clock.sleep(rest, signal);
  }

  return {
    async run(signal) {
      try {
        while (!signal.aborted) await pause(await beat(signal), signal);
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    },
    force() {
      forcePending = true;
      wake?.abort();
    },
  };
}

function describeFault(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const message = (body as Record<string, unknown>)['error_message'];
  return typeof message === 'string' ? `: ${message.slice(0, 300)}` : '';
}
