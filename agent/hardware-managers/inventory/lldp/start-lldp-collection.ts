import type { Clock, Logger } from '../../../../core/index.js';
import { readNetworkInterfaces, type InterfaceAddresses } from '../read-network-interfaces.js';
import { readText, type SystemPaths } from '../system-paths.js';
import { collectLldp, type LldpByDevice } from './collect-lldp.js';
import type { OpenLldpSocket } from './lldp-socket.js';

/** What the agent's start-up hands to the LLDP collection. */
export interface LldpStartOptions {
  paths: SystemPaths;
  addresses: InterfaceAddresses;
  /** loadLldpSockets, or a fake; a string says why there are no LLDP sockets. */
  load(): OpenLldpSocket | string;
  clock: Clock;
  timeoutMs: number;
  pollMs?: number;
  log: Logger;
  signal?: AbortSignal;
}

/**
 * Listens for LLDP on the inventory's NICs, from now (agent start) until each NIC with a link has heard an
 * LLDPDU or the timeout passes, so the wait overlaps lookup and the rest of the inventory. The promise never
 * rejects: it resolves to undefined when LLDP cannot be collected at all (no addon, agent stopping), and the
 * inventory then reports `lldp: null` as IPA does when collection fails.
 */
export async function startLldpCollection(options: LldpStartOptions): Promise<LldpByDevice | undefined> {
  const { clock, log, paths } = options;
  const startedMs = clock.now();
  try {
    const devices = (await readNetworkInterfaces(paths, options.addresses)).map((nic) => nic.name);
    const open = options.load();
    if (typeof open === 'string') {
      log.warn({ reason: open }, 'LLDP not collected; inventory reports lldp null');
      return undefined;
    }
    log.info({ devices, timeout_ms: options.timeoutMs }, 'listening for LLDP');
    const found = await collectLldp({
      devices,
      open,
      hasCarrier: async (device) => (await readText(paths.sys, 'class', 'net', device, 'carrier')) === '1',
      clock,
      timeoutMs: options.timeoutMs,
      pollMs: options.pollMs ?? 50,
      log,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const heard = [...found].filter(([, tlvs]) => tlvs !== null && tlvs.length > 0).map(([device]) => device);
    log.info({ devices, heard, elapsed_ms: clock.now() - startedMs }, 'LLDP collected');
    return found;
  } catch (error) {
    if (options.signal?.aborted !== true)
      log.warn({ error: error instanceof Error ? error.message : String(error) }, 'LLDP collection failed; inventory reports lldp null');
    return undefined;
  }
}
