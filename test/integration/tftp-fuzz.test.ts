// A bounded fuzz of a live TFTP server (issue #4): 50,000 truncated, oversized, mutated and random
// datagrams to the listening port and to a running transfer's port. Nothing may crash or reject, the
// transfer in progress must still complete, and the server must serve a fresh request afterwards. Runs
// on the JS data path and, when its addon is built, on the native one (whose C code parses the fuzz).
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { createMemoryFileSource, startTftpServer, type TftpServer } from '../../conductor/boot/tftp/index.js';
import {
  decodeTftpPacket,
  encodeAck,
  encodeData,
  encodeError,
  encodeOack,
  encodeRequest,
} from '../../conductor/boot/tftp/packet.js';
import { fetchTftpFile } from '../../conductor/boot/tftp/testing/tftp-test-client.js';
import { loadNativeDataPath } from '../../conductor/boot/tftp/native-data-path.js';

const dataPaths = loadNativeDataPath() === undefined ? (['js'] as const) : (['js', 'native'] as const);
if (dataPaths.length === 1) process.stderr.write('tftp-fuzz: native data path not built, JS only\n');

const content = randomBytes(200_000);
/** Deterministic, so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

function fuzzDatagram(random: () => number, i: number): Buffer {
  const seeds = [
    encodeRequest({
      op: 'rrq',
      filename: 'boot.bin',
      mode: 'octet',
      options: new Map([
        ['blksize', '1468'],
        ['windowsize', '8'],
      ]),
    }),
    encodeRequest({ op: 'rrq', filename: '../../etc/passwd', mode: 'netascii' }),
    encodeRequest({ op: 'wrq', filename: 'x', mode: 'octet' }),
    encodeAck(1),
    encodeData(1, Buffer.alloc(30)),
    encodeError(0, 'boom'),
    encodeOack(new Map([['tsize', '1']])),
  ];
  const base = Buffer.from(seeds[i % seeds.length] ?? Buffer.alloc(0));
  const pick = (n: number): number => Math.floor(random() * n);
  switch (pick(5)) {
    case 0:
      return base.subarray(0, pick(base.length + 1)); // truncated
    case 1:
      base[pick(base.length)] = pick(256);
      return base; // flipped byte
    case 2:
      return Buffer.concat([base, Buffer.alloc(pick(66_000), pick(256))]); // oversized
    case 3:
      base[1] = pick(9);
      return base; // wrong opcode
    default:
      return Buffer.from(Array.from({ length: pick(64) }, () => pick(256))); // noise
  }
}

/** Finishes a lock-step transfer whose DATA 1 has arrived: ACKs each block (again after 1 s of silence, 20 tries). */
async function finishLockStep(client: Socket, tid: number, first: Buffer): Promise<Buffer> {
  const chunks = [first];
  let block = 1;
  let last = first;
  let silent = 0;
  while (last.length === 512 && silent < 20) {
    client.send(encodeAck(block), tid, '127.0.0.1');
    const msg = await once(client, 'message', { signal: AbortSignal.timeout(1000) }).then(
      ([m]) => m as Buffer,
      () => undefined,
    );
    if (msg === undefined) silent++; // our ACK was lost (the fuzz fills the server's buffers): send it again
    const packet = msg === undefined ? undefined : decodeTftpPacket(msg);
    if (packet?.op !== 'data' || packet.block !== ((block + 1) & 0xffff)) continue;
    block++;
    last = Buffer.from(packet.data);
    chunks.push(last);
  }
  client.send(encodeAck(block), tid, '127.0.0.1');
  return Buffer.concat(chunks);
}

describe.each(dataPaths)('live TFTP server under fuzz, %s data path', (dataPath) => {
  let server: TftpServer;
  let port: number;
  let fuzzer: Socket;

  beforeAll(async () => {
    server = await startTftpServer({
      addresses: ['127.0.0.1'],
      port: 0,
      source: createMemoryFileSource(new Map([['boot.bin', content]])),
      log: silentLogger,
      limits: {
        maxTransfers: 50,
        maxTransfersPerClient: 50,
        blksizeMax: 65_464,
        windowsizeMax: 64,
        timeoutMs: 10_000,
        maxRetries: 3,
      },
      dataPath,
    });
    port = server.addresses()[0]?.port ?? 0;
    fuzzer = createSocket('udp4');
    fuzzer.bind(0, '127.0.0.1');
    await once(fuzzer, 'listening');
    fuzzer.on('message', () => undefined); // replies (ERROR 4/5, DATA of fuzz-started transfers) are dropped
  });
  afterAll(async () => {
    fuzzer.close();
    await server.close();
  });

  it('survives 50,000 bad datagrams to its port and to a transfer port, then still serves', async () => {
    const client = createSocket('udp4');
    client.bind(0, '127.0.0.1');
    await once(client, 'listening');
    client.send(encodeRequest({ op: 'rrq', filename: 'boot.bin', mode: 'octet' }), port, '127.0.0.1');
    const [msg, from] = (await once(client, 'message')) as [Buffer, { port: number }];
    const first = decodeTftpPacket(msg);
    expect(first).toMatchObject({ op: 'data', block: 1 });
    const random = prng(0xf022);
    for (let i = 0; i < 50_000; i++) {
      // Half to the listening port, half to the running transfer's TID (answered with ERROR 5).
      fuzzer.send(fuzzDatagram(random, i), i % 2 === 0 ? port : from.port, '127.0.0.1');
      if (i % 200 === 0) await new Promise((resolve) => setImmediate(resolve)); // bounded pace: let the server read
    }
    const during = await finishLockStep(client, from.port, Buffer.from(first.op === 'data' ? first.data : []));
    client.close();
    expect(during.equals(content)).toBe(true);
    const after = await fetchTftpFile(port, 'boot.bin', {
      options: new Map([
        ['blksize', '1468'],
        ['windowsize', '16'],
      ]),
    });
    expect(after.bytes?.equals(content)).toBe(true);
  });

  it('survives 20,000 bad datagrams from clients on their own TIDs, then still serves', async () => {
    const options = new Map([
      ['blksize', '1468'],
      ['windowsize', '8'],
    ]);
    const random = prng(0x7f7f);
    // 40 transfers, 500 datagrams each: these reach the transfer's own parser (the C one on the native
    // path). Most are ignored; a well-formed DATA, ERROR or request ends that transfer, hence the rounds.
    for (let round = 0; round < 40; round++) {
      const client = createSocket('udp4');
      client.bind(0, '127.0.0.1');
      await once(client, 'listening');
      client.on('message', () => undefined);
      client.on('error', () => undefined); // oversized datagrams fail to send (EMSGSIZE)
      client.send(encodeRequest({ op: 'rrq', filename: 'boot.bin', mode: 'octet', options }), port, '127.0.0.1');
      const [, from] = (await once(client, 'message')) as [Buffer, { port: number }];
      for (let i = 0; i < 500; i++) {
        client.send(fuzzDatagram(random, i), from.port, '127.0.0.1');
        if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      client.close();
    }
    const after = await fetchTftpFile(port, 'boot.bin', { options });
    expect(after.bytes?.equals(content)).toBe(true);
  });
});
