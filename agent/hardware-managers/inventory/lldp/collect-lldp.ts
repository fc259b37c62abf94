import type { Clock, LldpTlv, Logger } from '../../../../core/index.js';
import { readLldpFrame } from './lldp-frame.js';
import type { LldpSocket, OpenLldpSocket } from './lldp-socket.js';

/**
 * LLDP per device, as the inventory's `interfaces[].lldp` carries it: the TLVs of the first valid LLDPDU, `[]`
 * when the agent listened and none came in time (IPA's value then), `null` when it could not listen.
 */
export type LldpByDevice = ReadonlyMap<string, LldpTlv[] | null>;

/** What one collection needs; all passed in, so tests drive it with fake sockets and a manual clock. */
export interface LldpCollectionOptions {
  devices: readonly string[];
  open: OpenLldpSocket;
  /** Whether the device has a link now (/sys/class/net/<dev>/carrier); only those are waited for. */
  hasCarrier: (device: string) => Promise<boolean>;
  clock: Clock;
  /** Give up this long after the sockets opened (ipa-lldp-timeout): a full window even when start-up is slow. */
  timeoutMs: number;
  /** How often the sockets are read. */
  pollMs: number;
  log: Logger;
  signal?: AbortSignal;
}

/** Frames read from one socket per poll at most: a flood of bad frames cannot hold the loop. */
const MAX_FRAMES_PER_POLL = 32;

/**
 * Listens for LLDP on every device at once (IPA netutils.get_lldp_info listens the same way), keeps the first
 * valid LLDPDU of each, and returns as soon as every device that has a link has one, or when `timeoutMs` has
 * passed since the start: IPA waits up to ipa-lldp-timeout (30 s) for the slowest, Ferro's caller starts this
 * at agent start, beside lookup and the rest of the inventory. Frames that do not parse are logged and skipped.
 */
export async function collectLldp(options: LldpCollectionOptions): Promise<LldpByDevice> {
  const { clock, log } = options;
  const startedMs = clock.now();
  const found = new Map<string, LldpTlv[] | null>();
  const listening = new Map<string, LldpSocket>();
  for (const device of options.devices) {
    try {
      listening.set(device, options.open(device));
    } catch (error) {
      found.set(device, null);
      log.warn({ device, error: errorText(error) }, 'cannot listen for LLDP on this interface; inventory reports lldp null');
    }
  }
  try {
    while (listening.size > 0) {
      for (const [device, socket] of listening) {
        const tlvs = firstLldpdu(socket, device, log);
        if (tlvs === undefined) continue;
        found.set(device, tlvs);
        socket.close();
        listening.delete(device);
      }
      const leftMs = options.timeoutMs - (clock.now() - startedMs);
      if (leftMs <= 0 || !(await isAnyWaiting(listening, options.hasCarrier))) break;
      await clock.sleep(Math.min(options.pollMs, leftMs), options.signal);
    }
  } finally {
    for (const socket of listening.values()) socket.close();
  }
  return new Map(options.devices.map((device) => [device, found.has(device) ? (found.get(device) ?? null) : []]));
}

/** The TLVs of the first valid LLDPDU waiting on the socket, undefined when none is (a read error ends it: []). */
function firstLldpdu(socket: LldpSocket, device: string, log: Logger): LldpTlv[] | undefined {
  for (let i = 0; i < MAX_FRAMES_PER_POLL; i++) {
    let frame: Buffer | undefined;
    try {
      frame = socket.read();
    } catch (error) {
      log.warn({ device, error: errorText(error) }, 'LLDP socket failed; inventory reports no LLDP for this interface');
      return [];
    }
    if (frame === undefined) return undefined;
    const result = readLldpFrame(frame);
    if ('tlvs' in result) {
      log.debug({ device, tlvs: result.tlvs.length }, 'LLDP frame received');
      return result.tlvs;
    }
    log.warn({ device, problem: result.problem, sizeBytes: frame.length }, 'LLDP frame skipped');
  }
  return undefined;
}

async function isAnyWaiting(listening: ReadonlyMap<string, LldpSocket>, hasCarrier: (device: string) => Promise<boolean>): Promise<boolean> {
  for (const device of listening.keys()) if (await hasCarrier(device)) return true;
  return false;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
