// UDP sockets as the TFTP server uses them: bound once, addresses given as IP literals.
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';

/** The server could not bind a socket; the message says where and why. */
export class TftpListenError extends Error {
  constructor(
    readonly address: string,
    readonly port: number,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
    const hint =
      code === 'EACCES'
        ? ' (ports below 1024 need root or CAP_NET_BIND_SERVICE)'
        : code === 'EADDRINUSE'
          ? ' (another TFTP server, e.g. tftpd-hpa or dnsmasq, holds it)'
          : code === 'EADDRNOTAVAIL'
            ? ' (no interface has this address)'
            : '';
    super(`TFTP server cannot listen on ${address}:${port}/udp: ${code}${hint}`, { cause });
    this.name = 'TftpListenError';
  }
}

/**
 * A UDP socket bound to `address:port` (0 = ephemeral). Its lookup is synchronous because every
 * address we send to is an IP literal: this skips a tick per datagram in dgram's send path.
 */
export async function bindUdpSocket(address: string, port: number): Promise<Socket> {
  const family = isIP(address) === 6 ? 6 : 4;
  const socket = createSocket({
    type: family === 6 ? 'udp6' : 'udp4',
    lookup: (host, _options, callback) => {
      callback(null, host, family);
    },
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      socket.close();
      reject(new TftpListenError(address, port, error));
    };
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  return socket;
}
