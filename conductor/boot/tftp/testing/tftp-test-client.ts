// A minimal TFTP client for tests: one RRQ, lock-step or windowed, ACKing what arrives in order.
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { decodeTftpPacket, encodeAck, encodeRequest, type TftpPacket } from '../packet.js';

/** What a test fetch got: the bytes, or the server's ERROR, plus the server's TID port. */
export interface TestFetchResult {
  readonly bytes?: Buffer;
  readonly error?: { code: number; message: string };
  readonly oack?: ReadonlyMap<string, string>;
  readonly serverPort?: number;
}

/** Fetches `filename` from `port` on 127.0.0.1; gives up after `timeoutMs`. */
export async function fetchTftpFile(
  port: number,
  filename: string,
  options: { options?: Map<string, string>; mode?: string; timeoutMs?: number; socket?: Socket } = {},
): Promise<TestFetchResult> {
  const socket = options.socket ?? createSocket('udp4');
  if (options.socket === undefined) {
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
  }
  const blksize = Number(options.options?.get('blksize') ?? 512);
  const windowsize = Number(options.options?.get('windowsize') ?? 1);
  const chunks: Buffer[] = [];
  let expected = 1;
  let inWindow = 0;
  try {
    return await new Promise<TestFetchResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fetch of ${filename} timed out`)), options.timeoutMs ?? 5000);
      const done = (result: TestFetchResult): void => {
        clearTimeout(timer);
        resolve(result);
      };
      let oack: ReadonlyMap<string, string> | undefined;
      socket.on('message', (msg, from) => {
        const packet: TftpPacket | { op: 'invalid' } = decodeTftpPacket(msg);
        if (packet.op === 'error')
          return done({ error: { code: packet.code, message: packet.message }, serverPort: from.port });
        if (packet.op === 'oack') {
          oack = packet.options;
          socket.send(encodeAck(0), from.port, from.address);
          return;
        }
        if (packet.op !== 'data') return;
        if (packet.block !== (expected & 0xffff)) return;
        chunks.push(Buffer.from(packet.data));
        expected++;
        const size = Number(oack?.get('blksize') ?? (oack === undefined ? 512 : blksize));
        const last = packet.data.length < size;
        if (++inWindow >= Number(oack?.get('windowsize') ?? (oack === undefined ? 1 : windowsize)) || last) {
          inWindow = 0;
          socket.send(encodeAck(packet.block), from.port, from.address);
        }
        if (last)
          done({ bytes: Buffer.concat(chunks), serverPort: from.port, ...(oack === undefined ? {} : { oack }) });
      });
      const request = { op: 'rrq' as const, filename, mode: options.mode ?? 'octet' };
      socket.send(
        encodeRequest(options.options === undefined ? request : { ...request, options: options.options }),
        port,
        '127.0.0.1',
      );
    });
  } finally {
    socket.removeAllListeners('message');
    if (options.socket === undefined) socket.close();
  }
}
