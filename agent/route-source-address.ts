import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';

/**
 * The local address the kernel would use to reach `url`'s host (IPA agent.py _get_route_source runs
 * `ip route get`): connecting a UDP socket picks the route without sending a packet.
 */
export async function routeSourceAddress(url: string): Promise<string> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, host, () => {
        resolve();
      });
    });
    return socket.address().address;
  } finally {
    socket.close();
  }
}

/** `host` as it goes into a URL: IPv6 addresses in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}
