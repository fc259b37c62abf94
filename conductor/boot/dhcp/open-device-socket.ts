import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Opens a UDP socket that sees only one interface's traffic. Node's dgram has no SO_BINDTODEVICE and no
 * IP_PKTINFO (npm.md §2 defect 5), so a tiny N-API addon (native/bind-device.c, built by node-gyp from the
 * machine's Node headers, no download) creates the socket with SO_REUSEADDR + SO_BROADCAST +
 * SO_BINDTODEVICE and binds it; dgram adopts the descriptor through its documented `bind({ fd })`.
 */
export async function openDeviceSocket(device: string, port: number): Promise<Socket> {
  const fd = loadDhcpAddon().openBoundUdpSocket(device, port);
  const socket = createSocket({ type: 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ fd }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.setBroadcast(true);
  return socket;
}

/** The addon's UDP function. */
interface BindDeviceAddon {
  openBoundUdpSocket(device: string, port: number): number;
}

/** The addon's IPv6 router-advertisement functions (native/router-advert.c). */
export interface RouterAdvertAddon {
  openRouterAdvertSocket(device: string): number;
  drainRouterSolicits(fd: number): number;
  sendRouterAdvert(fd: number, device: string, packet: Buffer): void;
}

/** Where `npm run build:dhcp-native` puts the addon, from source (tsx) or from dist/. */
export function addonCandidates(): string[] {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const built = join('native', 'build', 'Release', 'bind_device.node');
  return [join(here, built), join(process.cwd(), 'conductor', 'boot', 'dhcp', built)];
}

/** Loads the built addon (throws with how to build it). */
export function loadDhcpAddon(): BindDeviceAddon & RouterAdvertAddon {
  const path = addonCandidates().find((p) => existsSync(p));
  if (path === undefined) {
    throw new Error(
      'The DHCP server needs its interface-binding addon, which is not built: run `npm run build:dhcp-native` ' +
        '(needs g++ and make; uses the installed Node headers).',
    );
  }
  return createRequire(import.meta.url)(path) as BindDeviceAddon & RouterAdvertAddon;
}
