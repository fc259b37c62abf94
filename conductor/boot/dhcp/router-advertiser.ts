import { networkInterfaces } from 'node:os';
import type { Logger } from '../../../core/index.js';
import { loadDhcpAddon, type RouterAdvertAddon } from './open-device-socket.js';

/** How often to look for router solicitations, and to advertise unsolicited (RFC 4861 §6.2.4). */
export interface RouterAdvertiserOptions {
  log: Logger;
  pollIntervalMs?: number;
  repeatIntervalMs?: number;
  /** The native functions; the built addon by default (tests may pass a fake). */
  addon?: RouterAdvertAddon;
  /** MAC of a device (for the source link-layer option); os.networkInterfaces() by default. */
  macOf?: (device: string) => string | undefined;
}

/** Running advertisers, one per interface. */
export interface RouterAdvertiser {
  stop(): void;
}

/**
 * An RA that announces nothing (RFC 4861 §4.2): router lifetime 0 (not a default router), no prefix option
 * (no SLAAC), M = O = 0 (no DHCPv6), so hosts learn only that IPv6 configuration is over. iPXE stops waiting
 * for one (~13 s otherwise) and every other host's configuration stays as it was.
 */
export function buildRouterAdvert(mac: string | undefined): Buffer {
  const header = Buffer.alloc(16); // type 134, code 0, checksum (kernel), hop limit 0, flags 0, lifetimes 0
  header[0] = 134;
  if (mac === undefined || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) return header;
  // Source link-layer address option (type 1, length 1 = 8 bytes), so solicitors need no neighbour discovery.
  const option = Buffer.from([1, 1, ...mac.split(':').map((b) => parseInt(b, 16))]);
  return Buffer.concat([header, option]);
}

/**
 * Answers router solicitations on each device with buildRouterAdvert, and advertises once at start and every
 * repeatIntervalMs. Polls the non-blocking raw socket (a few syscalls a second) rather than tying a native
 * poll handle into the event loop. A device without IPv6 is logged and skipped: DHCP still works there.
 */
export function startRouterAdvertiser(devices: readonly string[], options: RouterAdvertiserOptions): RouterAdvertiser {
  const addon = options.addon ?? loadDhcpAddon();
  const macOf = options.macOf ?? ((device: string) => networkInterfaces()[device]?.[0]?.mac);
  const timers: NodeJS.Timeout[] = [];
  for (const device of devices) {
    let fd: number;
    try {
      fd = addon.openRouterAdvertSocket(device);
    } catch (error) {
      options.log.warn({ err: error, device }, 'no IPv6 router advertisements on this interface');
      continue;
    }
    const packet = buildRouterAdvert(macOf(device));
    const advertise = (why: string): void => {
      try {
        addon.sendRouterAdvert(fd, device, packet);
        options.log.debug({ device, why }, 'router advertisement sent');
      } catch (error) {
        options.log.warn({ err: error, device }, 'router advertisement failed');
      }
    };
    advertise('start');
    timers.push(setInterval(() => { if (addon.drainRouterSolicits(fd) > 0) advertise('solicited'); }, options.pollIntervalMs ?? 100));
    timers.push(setInterval(() => { advertise('periodic'); }, options.repeatIntervalMs ?? 200_000));
  }
  for (const timer of timers) timer.unref();
  return { stop: () => { for (const timer of timers) clearInterval(timer); } };
}
