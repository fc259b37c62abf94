import type { Clock, JsonObject } from '../../core/index.js';
import { describeMessages, decodeExtendedInfo } from './extended-info.js';
import { isObject, stringAt } from './json-fields.js';
import { retryAfterMs, type RedfishClient, type RedfishResponse, type RequestContext } from './redfish-client.js';
import { RedfishErrorCode, hasHttpStatus, redfishError } from './redfish-failure.js';

/** How a task ended: Completed, or the monitor vanished (the BMC purged it, or a job waits for a reboot). */
export interface TaskOutcome {
  state: 'Completed' | 'gone';
  task: JsonObject | undefined;
}

/** Bounds of a wait. */
export interface TaskWait {
  clock: Clock;
  timeoutMs: number;
  pollMs: number;
  /** What is being waited for, for messages ("SimpleUpdate of bios"). */
  what: string;
}

// Task.v1 TaskState: terminal failures. "Failed" is not DMTF's but appears in bmclib's captured tasks.
const FAILED_STATES = new Set(['Exception', 'Killed', 'Cancelled', 'Failed']);

/**
 * Follows an asynchronous operation (DSP0266 §12.2): a 202 must carry `Location`, the task monitor. Polling it
 * answers 202 while the task runs and the final response once it ends; some BMCs point `Location` at the Task
 * itself, which answers 200 with a TaskState. Waits `Retry-After` (default `pollMs`) between polls, through the
 * clock, and gives up after `timeoutMs`.
 */
export async function waitForTask(
  client: RedfishClient, accepted: RedfishResponse, wait: TaskWait, ctx: RequestContext,
): Promise<TaskOutcome> {
  const monitor = accepted.headers['location'];
  if (monitor === undefined || monitor === '') {
    throw redfishError(RedfishErrorCode.InvalidResponse, `BMC ${client.origin} accepted ${wait.what} (HTTP 202) without a Location header to follow.`);
  }
  const deadline = wait.clock.now() + wait.timeoutMs;
  let response: RedfishResponse = accepted;
  for (;;) {
    const verdict = taskVerdict(response, client.origin, wait.what);
    if (verdict !== 'running') return verdict;
    if (wait.clock.now() >= deadline) {
      throw redfishError(RedfishErrorCode.TaskFailed, `BMC ${client.origin} did not finish ${wait.what} within ${wait.timeoutMs} ms (task monitor ${monitor}).`);
    }
    const pause = retryAfterMs(response.headers['retry-after'], wait.clock.now()) ?? wait.pollMs;
    await wait.clock.sleep(Math.max(0, Math.min(pause, deadline - wait.clock.now())), ctx.signal);
    try {
      response = await client.send('GET', monitor, {}, ctx);
    } catch (error) {
      if (hasHttpStatus(error, 404, 410)) return { state: 'gone', task: undefined };
      throw error;
    }
  }
}

/** Reads one monitor answer: still running, Completed, or throws for a failed task. */
export function taskVerdict(response: RedfishResponse, origin: string, what: string): TaskOutcome | 'running' {
  const task = response.body;
  const state = isObject(task) ? stringAt(task, 'TaskState') : undefined;
  if (state !== undefined && FAILED_STATES.has(state)) {
    const detail = describeMessages(decodeExtendedInfo(task));
    throw redfishError(RedfishErrorCode.TaskFailed, `BMC ${origin} reports ${what} ended in TaskState ${state}${detail === '' ? '' : `: ${detail}`}.`);
  }
  if (response.status === 202) return 'running';
  if (state === undefined || state === 'Completed') return { state: 'Completed', task };
  return 'running';
}
