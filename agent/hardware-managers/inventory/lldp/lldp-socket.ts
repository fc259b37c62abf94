import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A socket that receives one interface's LLDP frames (non-blocking). */
export interface LldpSocket {
  /** The next frame received (Ethernet header included), undefined when none is waiting. Throws on socket errors. */
  read(): Buffer | undefined;
  close(): void;
}

/** Opens an LldpSocket on a device; throws (code EACCES, ENODEV …) when it cannot. */
export type OpenLldpSocket = (device: string) => LldpSocket;

/** The file name of the addon when it is shipped beside the agent bundle (/ferro/ in the ramdisk). */
export const LLDP_ADDON_FILE = 'ferro-lldp.node';

interface LldpAddon {
  openLldpSocket(device: string): number;
  readLldpFrame(fd: number): Buffer | null;
  closeLldpSocket(fd: number): void;
}

/**
 * Where the addon (native/lldp-socket.c) is looked for: beside this module, which in the bundle is
 * /ferro/ferro-agent.mjs, so /ferro/ferro-lldp.node; from source, node-gyp's build directory.
 */
export function lldpAddonCandidates(moduleUrl: string = import.meta.url): string[] {
  const here = fileURLToPath(new URL('.', moduleUrl));
  return [join(here, LLDP_ADDON_FILE), join(here, 'native', 'build', 'Release', 'lldp_socket.node')];
}

/**
 * Loads the LLDP socket addon: Node has no AF_PACKET sockets. Returns why not (as a string) when it is absent
 * or does not load, so the agent reports `lldp: null` and goes on.
 */
export function loadLldpSockets(candidates: readonly string[] = lldpAddonCandidates()): OpenLldpSocket | string {
  const path = candidates.find((p) => existsSync(p));
  if (path === undefined)
    return `the LLDP addon is not installed (looked for ${candidates.join(', ')}; build it with npm run build:agent-native)`;
  let addon: LldpAddon;
  try {
    addon = createRequire(import.meta.url)(path) as LldpAddon;
  } catch (error) {
    return `the LLDP addon ${path} does not load: ${error instanceof Error ? error.message : String(error)}`;
  }
  return (device) => {
    const fd = addon.openLldpSocket(device);
    let open = true;
    return {
      read: () => (open ? (addon.readLldpFrame(fd) ?? undefined) : undefined),
      close: () => {
        if (open) addon.closeLldpSocket(fd);
        open = false;
      },
    };
  };
}
