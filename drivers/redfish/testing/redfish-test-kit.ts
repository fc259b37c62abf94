import { isoTimestamp, newNode, type Clock, type JsonObject, type NodeRecord } from '../../../core/index.js';
import type { RedfishOptions } from '../redfish-options.js';

/** A clock whose sleeps end at once (after a macrotask) while `now` moves on: retries and polls take no time. */
export function instantClock(): Clock & { sleeps: number[] } {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms, signal) => new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      sleeps.push(ms);
      now += ms;
      setImmediate(resolve);
    }),
  };
}

/** Options for tests: short request timeout, instant clock, the production retry counts. */
export function testRedfishOptions(overrides: Partial<RedfishOptions> = {}): RedfishOptions {
  return { clock: instantClock(), requestTimeoutMs: 2_000, connectTimeoutMs: 2_000, ...overrides };
}

/** A redfish node record with `driverInfo`. */
export function aRedfishNode(driverInfo: JsonObject, fields: Partial<NodeRecord> = {}): NodeRecord {
  return newNode({
    uuid: '44444444-1111-4111-8111-111111111111', driver: 'redfish', provision_state: 'manageable', created_at: isoTimestamp(0),
    driver_info: driverInfo, ...fields,
  });
}
