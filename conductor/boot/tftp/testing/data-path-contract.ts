// One suite, both data paths (issue #4): the JS transfer (transfer.ts on dgram) and the native one
// (native/*.c) must behave the same on the wire. Run by data-path.test.ts for each path.
import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../../../core/index.js';
import { combineFileSources } from '../combine-file-sources.js';
import type { TftpDataPath } from '../data-path.js';
import { createDirectoryFileSource } from '../directory-file-source.js';
import { createMemoryFileSource } from '../memory-file-source.js';
import { decodeTftpPacket, encodeAck, encodeData, encodeError, encodeRequest, type TftpPacket } from '../packet.js';
import { startTftpServer, type TftpServer, type TftpServerLimits } from '../tftp-server.js';
import { fetchTftpFile } from './tftp-test-client.js';

type Received = { packet: TftpPacket | { op: 'invalid' }; port: number };

const memory = new Map([
  ['small.bin', randomBytes(3000)],
  ['exact.bin', randomBytes(512 * 4)], // a multiple of blksize: ends with an empty block (RFC 1350 §6)
  ['empty.bin', Buffer.alloc(0)],
  ['rollover.bin', randomBytes(8 * 70_000 + 3)], // 70,001 blocks of 8 bytes: the 16-bit number rolls over
]);
const onDisk = randomBytes(700_000);
const sha256 = (bytes: Uint8Array | undefined): string =>
  createHash('sha256')
    .update(bytes ?? 'x')
    .digest('hex');
const limits: TftpServerLimits = {
  maxTransfers: 20,
  maxTransfersPerClient: 20,
  blksizeMax: 65_464,
  windowsizeMax: 64,
  timeoutMs: 1000,
  maxRetries: 3,
};

/** Defines the suite for `dataPath` ('js' or 'native'). */
export function dataPathContract(dataPath: Exclude<TftpDataPath, 'auto'>): void {
  let dir: string;
  const servers: TftpServer[] = [];
  const sockets: Socket[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferro-tftp-contract-'));
    writeFileSync(join(dir, 'disk.bin'), onDisk);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    for (const s of sockets.splice(0)) s.close();
  });

  async function start(overrides: Partial<TftpServerLimits> = {}): Promise<{ port: number; server: TftpServer }> {
    const server = await startTftpServer({
      addresses: ['127.0.0.1'],
      port: 0,
      source: combineFileSources([createMemoryFileSource(memory), createDirectoryFileSource({ root: dir })]),
      log: silentLogger,
      limits: { ...limits, ...overrides },
      dataPath,
    });
    servers.push(server);
    return { port: server.addresses()[0]?.port ?? 0, server };
  }

  async function udp(): Promise<Socket> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    sockets.push(socket);
    return socket;
  }

  /** The next datagram, or undefined after `waitMs` of silence. */
  function next(socket: Socket, waitMs = 3000): Promise<Received | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.off('message', onMessage);
        resolve(undefined);
      }, waitMs);
      const onMessage = (msg: Buffer, from: { port: number }): void => {
        clearTimeout(timer);
        resolve({ packet: decodeTftpPacket(msg), port: from.port });
      };
      socket.once('message', onMessage);
    });
  }

  async function blocks(socket: Socket, count: number, waitMs = 3000): Promise<number[]> {
    const got: number[] = [];
    for (let i = 0; i < count; i++) {
      const received = await next(socket, waitMs);
      got.push(received?.packet.op === 'data' ? received.packet.block : -1);
    }
    return got;
  }

  async function request(port: number, options?: Map<string, string>): Promise<{ client: Socket; first: Received }> {
    const client = await udp();
    const rrq = { op: 'rrq' as const, filename: 'small.bin', mode: 'octet' };
    client.send(encodeRequest(options === undefined ? rrq : { ...rrq, options }), port, '127.0.0.1');
    const first = await next(client);
    if (first === undefined) throw new Error('no answer to the RRQ');
    return { client, first };
  }

  async function drained(server: TftpServer): Promise<number> {
    for (let i = 0; i < 100 && server.activeTransfers() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    return server.activeTransfers();
  }

  it(`${dataPath}: serves memory and disk files lock-step, incl. an empty last block and an empty file`, async () => {
    const { port, server } = await start();
    expect(server.native).toBe(dataPath === 'native');
    for (const name of ['small.bin', 'exact.bin', 'empty.bin']) {
      expect(sha256((await fetchTftpFile(port, name)).bytes)).toBe(sha256(memory.get(name)));
    }
    expect(sha256((await fetchTftpFile(port, 'disk.bin', { timeoutMs: 20_000 })).bytes)).toBe(sha256(onDisk));
  });

  it(`${dataPath}: negotiates options in an OACK and serves windowed transfers (RFC 2347, 2348, 2349, 7440)`, async () => {
    const { port } = await start();
    const options = new Map([
      ['blksize', '1468'],
      ['windowsize', '16'],
      ['tsize', '0'],
      ['timeout', '2'],
    ]);
    const result = await fetchTftpFile(port, 'disk.bin', { options, timeoutMs: 20_000 });
    expect(result.oack).toEqual(new Map([...options, ['tsize', String(onDisk.length)]]));
    expect(sha256(result.bytes)).toBe(sha256(onDisk));
  });

  it(`${dataPath}: rolls block numbers over beyond 65535 blocks`, async () => {
    const { port } = await start();
    const options = new Map([
      ['blksize', '8'],
      ['windowsize', '64'],
    ]);
    const result = await fetchTftpFile(port, 'rollover.bin', { options, timeoutMs: 30_000 });
    expect(sha256(result.bytes)).toBe(sha256(memory.get('rollover.bin')));
  });

  it(`${dataPath}: retransmits an unacknowledged block, then gives up with ERROR 0`, async () => {
    const { port, server } = await start({ timeoutMs: 50, maxRetries: 2 });
    const { client, first } = await request(port);
    expect(first.packet).toMatchObject({ op: 'data', block: 1 });
    expect(await next(client)).toEqual(first);
    expect(await next(client)).toEqual(first);
    expect((await next(client))?.packet).toMatchObject({ op: 'error', code: 0, message: 'Transfer timed out' });
    expect(await drained(server)).toBe(0);
  });

  it(`${dataPath}: resends the OACK until ACK 0 arrives`, async () => {
    const { port } = await start({ timeoutMs: 50 });
    const { client, first } = await request(port, new Map([['blksize', '1024']]));
    expect(first.packet).toMatchObject({ op: 'oack' });
    expect((await next(client))?.packet).toMatchObject({ op: 'oack' });
    client.send(encodeAck(0), first.port, '127.0.0.1');
    expect((await next(client))?.packet).toMatchObject({ op: 'data', block: 1 });
  });

  it(`${dataPath}: answers a stranger with ERROR 5 and ignores stale ACKs and duplicates`, async () => {
    const { port } = await start();
    const { client, first } = await request(port);
    const stranger = await udp();
    stranger.send(encodeAck(1), first.port, '127.0.0.1');
    expect((await next(stranger))?.packet).toMatchObject({ op: 'error', code: 5 });
    stranger.send(encodeError(0, 'no loops'), first.port, '127.0.0.1'); // an ERROR is never answered
    expect(await next(stranger, 150)).toBeUndefined();
    client.send(encodeAck(7), first.port, '127.0.0.1'); // acknowledges a block never sent
    expect(await next(client, 150)).toBeUndefined();
    client.send(encodeAck(1), first.port, '127.0.0.1');
    expect((await next(client))?.packet).toMatchObject({ op: 'data', block: 2 });
    client.send(encodeAck(1), first.port, '127.0.0.1'); // duplicate: no sorcerer's apprentice resend
    expect(await next(client, 150)).toBeUndefined();
  });

  it(`${dataPath}: ends on the client's ERROR and answers DATA with ERROR 4`, async () => {
    const { port, server } = await start();
    const one = await request(port);
    one.client.send(encodeError(0, 'user cancelled'), one.first.port, '127.0.0.1');
    expect(await next(one.client, 200)).toBeUndefined();
    const two = await request(port);
    two.client.send(encodeData(1, Buffer.alloc(4)), two.first.port, '127.0.0.1');
    expect((await next(two.client))?.packet).toMatchObject({ op: 'error', code: 4 });
    expect(await drained(server)).toBe(0);
  });

  it(`${dataPath}: goes back after a partial or lost window ACK (RFC 7440 §4)`, async () => {
    // The timeout (1.5 s) is far longer than the 0.5 s waits, so only the go-back can explain a resend.
    const { port } = await start({ timeoutMs: 1500 });
    const options = new Map([
      ['blksize', '100'],
      ['windowsize', '4'],
    ]);
    const { client, first } = await request(port, options);
    client.send(encodeAck(0), first.port, '127.0.0.1');
    expect(await blocks(client, 4, 500)).toEqual([1, 2, 3, 4]);
    client.send(encodeAck(2), first.port, '127.0.0.1'); // 3 and 4 were lost: the window restarts at 3
    expect(await blocks(client, 4, 500)).toEqual([3, 4, 5, 6]);
    client.send(encodeAck(2), first.port, '127.0.0.1'); // a duplicate ACK: go back once
    expect(await blocks(client, 4, 500)).toEqual([3, 4, 5, 6]);
    client.send(encodeAck(2), first.port, '127.0.0.1'); // again: left to the timer
    expect(await next(client, 500)).toBeUndefined();
    expect(await blocks(client, 4)).toEqual([3, 4, 5, 6]); // the timeout resends the window
  });

  it(`${dataPath}: tells the client when the server closes`, async () => {
    const { port, server } = await start();
    const { client } = await request(port);
    const error = next(client); // listen first: the native path may answer before close() resolves
    await server.close();
    expect((await error)?.packet).toMatchObject({ op: 'error', code: 0, message: 'Server shutting down' });
    expect(server.activeTransfers()).toBe(0);
  });
}
