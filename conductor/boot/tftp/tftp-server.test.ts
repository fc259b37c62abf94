import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { createMemoryFileSource } from './memory-file-source.js';
import { decodeTftpPacket, encodeAck, encodeRequest, type TftpPacket } from './packet.js';
import { startTftpServer, type TftpServer, type TftpServerLimits } from './tftp-server.js';
import { fetchTftpFile } from './testing/tftp-test-client.js';
import { TftpListenError } from './udp-socket.js';

const files = new Map([
  ['undionly.kpxe', Buffer.alloc(3000, 7)],
  ['text.txt', Buffer.from('line 1\nline 2\n')],
]);
const limits: TftpServerLimits = {
  maxTransfers: 10,
  maxTransfersPerClient: 2,
  blksizeMax: 1468,
  windowsizeMax: 16,
  timeoutMs: 1000,
  maxRetries: 3,
  readChunkBytes: 65_536,
};
const servers: TftpServer[] = [];
const sockets: Socket[] = [];

async function start(overrides: Partial<TftpServerLimits> = {}): Promise<number> {
  const server = await startTftpServer({
    addresses: ['127.0.0.1'],
    port: 0,
    source: createMemoryFileSource(files),
    log: silentLogger,
    limits: { ...limits, ...overrides },
  });
  servers.push(server);
  return server.addresses()[0]?.port ?? 0;
}

async function udp(): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  sockets.push(socket);
  return socket;
}

async function next(socket: Socket): Promise<{ packet: TftpPacket | { op: 'invalid' }; port: number }> {
  const [msg, from] = (await once(socket, 'message')) as [Buffer, { port: number }];
  return { packet: decodeTftpPacket(msg), port: from.port };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const s of sockets.splice(0)) s.close();
});

describe('startTftpServer', () => {
  it('serves a file with tsize and blksize from a new TID (RFC 1350 §4, RFC 2349)', async () => {
    const port = await start();
    const result = await fetchTftpFile(port, 'undionly.kpxe', {
      options: new Map([
        ['blksize', '1024'],
        ['tsize', '0'],
      ]),
    });
    expect(result.bytes).toEqual(files.get('undionly.kpxe'));
    expect(result.oack).toEqual(
      new Map([
        ['blksize', '1024'],
        ['tsize', '3000'],
      ]),
    );
    expect(result.serverPort).not.toBe(port);
  });

  it('serves windowed transfers (RFC 7440) and netascii', async () => {
    const port = await start();
    const windowed = await fetchTftpFile(port, 'undionly.kpxe', {
      options: new Map([
        ['blksize', '100'],
        ['windowsize', '8'],
      ]),
    });
    expect(windowed.bytes).toEqual(files.get('undionly.kpxe'));
    const ascii = await fetchTftpFile(port, 'text.txt', { mode: 'NetASCII' });
    expect(ascii.bytes?.toString()).toBe('line 1\r\nline 2\r\n');
  });

  it.each([
    ['a missing file', 'nothing', 'octet', 1],
    ['a traversal', '../etc/passwd', 'octet', 2],
    ['an absolute path', '/etc/passwd', 'octet', 2],
    ['mail mode', 'undionly.kpxe', 'mail', 4],
  ])('answers %s (%s, mode %s) with ERROR %i', async (_what, name, mode, code) => {
    const port = await start();
    const result = await fetchTftpFile(port, name, { mode });
    expect(result.error?.code).toBe(code);
  });

  it('refuses writes: ERROR 2, read-only', async () => {
    const port = await start();
    const socket = await udp();
    socket.send(encodeRequest({ op: 'wrq', filename: 'x', mode: 'octet' }), port, '127.0.0.1');
    expect((await next(socket)).packet).toMatchObject({ op: 'error', code: 2 });
  });

  it('answers a stranger on a transfer port with ERROR 5 and keeps the transfer going', async () => {
    const port = await start();
    const client = await udp();
    const stranger = await udp();
    client.send(encodeRequest({ op: 'rrq', filename: 'undionly.kpxe', mode: 'octet' }), port, '127.0.0.1');
    const first = await next(client);
    expect(first.packet).toMatchObject({ op: 'data', block: 1 });
    stranger.send(encodeAck(1), first.port, '127.0.0.1');
    expect((await next(stranger)).packet).toMatchObject({ op: 'error', code: 5 });
    client.send(encodeAck(1), first.port, '127.0.0.1');
    expect((await next(client)).packet).toMatchObject({ op: 'data', block: 2 });
  });

  it('ignores a repeated RRQ from the same TID and limits transfers per client', async () => {
    const port = await start({ maxTransfersPerClient: 1 });
    const client = await udp();
    const rrq = encodeRequest({ op: 'rrq', filename: 'undionly.kpxe', mode: 'octet' });
    client.send(rrq, port, '127.0.0.1');
    await next(client);
    client.send(rrq, port, '127.0.0.1');
    const other = await udp();
    other.send(rrq, port, '127.0.0.1');
    expect((await next(other)).packet).toMatchObject({ op: 'error', code: 0, message: expect.stringMatching(/busy/) });
    expect(servers[0]?.activeTransfers()).toBe(1);
  });

  it('retransmits a block the client did not acknowledge, on the real timer', async () => {
    const port = await start({ timeoutMs: 50 });
    const client = await udp();
    client.send(encodeRequest({ op: 'rrq', filename: 'undionly.kpxe', mode: 'octet' }), port, '127.0.0.1');
    const first = await next(client);
    const again = await next(client); // no ACK sent: the same block comes again after 50 ms
    expect(again).toEqual(first);
  });

  it('answers a source that throws with ERROR 0 and keeps serving', async () => {
    const server = await startTftpServer({
      addresses: ['127.0.0.1'],
      port: 0,
      log: silentLogger,
      limits,
      source: {
        open: (name) =>
          name === 'boom'
            ? Promise.reject(new Error('disk gone'))
            : createMemoryFileSource(files).open(name, { address: '', port: 0 }),
      },
    });
    servers.push(server);
    const port = server.addresses()[0]?.port ?? 0;
    expect((await fetchTftpFile(port, 'boom')).error?.code).toBe(0);
    expect((await fetchTftpFile(port, 'undionly.kpxe')).bytes).toEqual(files.get('undionly.kpxe'));
  });

  it('stops transfers on close', async () => {
    const port = await start();
    const client = await udp();
    client.send(encodeRequest({ op: 'rrq', filename: 'undionly.kpxe', mode: 'octet' }), port, '127.0.0.1');
    await next(client);
    const error = next(client); // listen first: the native data path may send ERROR before close() resolves
    await servers[0]?.close();
    expect(servers[0]?.activeTransfers()).toBe(0);
    expect((await error).packet).toMatchObject({ op: 'error', code: 0 });
  });

  it('reports a port already in use as a TftpListenError naming address and port', async () => {
    const port = await start();
    const error: unknown = await startTftpServer({
      addresses: ['127.0.0.1'],
      port,
      source: createMemoryFileSource(files),
      log: silentLogger,
      limits,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TftpListenError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}/udp: EADDRINUSE`);
  });
});
