import { describe, expect, it } from 'vitest';
import { createBlockReader } from './block-reader.js';
import { memoryTftpFile } from './file-source.js';
import { decodeTftpPacket, type TftpPacket } from './packet.js';
import { createTransfer, type TransferParams } from './transfer.js';

type Data = { op: 'data'; block: number; data: Uint8Array };

/** A transfer wired to an in-memory channel and a timer the test fires by hand. */
function harness(
  bytes: Uint8Array,
  options: { blksize?: number; windowsize?: number; oack?: Map<string, string>; maxRetries?: number } = {},
) {
  const sent: TftpPacket[] = [];
  let onTimeout = (): void => undefined;
  let armed = false;
  const params: TransferParams = {
    reader: createBlockReader(memoryTftpFile(bytes), options.blksize ?? 512, 4096),
    windowsize: options.windowsize ?? 1,
    oack: options.oack ?? new Map(),
    maxRetries: options.maxRetries ?? 3,
    send: (parts) => sent.push(decodeTftpPacket(Buffer.concat(parts)) as TftpPacket),
    createTimer: (fn) => {
      onTimeout = fn;
      return { arm: () => (armed = true), disarm: () => (armed = false) };
    },
  };
  const transfer = createTransfer(params);
  const take = (): TftpPacket[] => sent.splice(0);
  const ack = (block: number): void => transfer.receive({ op: 'ack', block });
  return { transfer, take, ack, fire: () => onTimeout(), isArmed: () => armed };
}

const bytesOf = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('transfer', () => {
  it('sends lock-step blocks, ends with a short block and completes on its ACK', async () => {
    const h = harness(bytesOf(1100));
    h.transfer.start();
    await flush();
    expect(h.take()).toMatchObject([{ op: 'data', block: 1 }]);
    h.ack(1);
    await flush();
    expect(h.take()).toMatchObject([{ op: 'data', block: 2 }]);
    h.ack(2);
    await flush();
    const [last] = h.take() as Data[];
    expect(last?.data.length).toBe(1100 - 1024);
    h.ack(3);
    await expect(h.transfer.finished).resolves.toBe('complete');
    expect(h.isArmed()).toBe(false);
  });

  it('sends an empty last block when the size is a multiple of blksize (RFC 1350 §6)', async () => {
    const h = harness(bytesOf(1024));
    h.transfer.start();
    for (const block of [1, 2]) {
      await flush();
      h.take();
      h.ack(block);
    }
    await flush();
    const [last] = h.take() as Data[];
    expect(last).toMatchObject({ op: 'data', block: 3 });
    expect(last?.data.length).toBe(0);
  });

  it('waits for ACK 0 after an OACK, then starts with block 1 (RFC 2347 §3)', async () => {
    const h = harness(bytesOf(10), { oack: new Map([['tsize', '10']]) });
    h.transfer.start();
    expect(h.take()).toMatchObject([{ op: 'oack' }]);
    h.ack(5);
    await flush();
    expect(h.take()).toEqual([]);
    h.ack(0);
    await flush();
    expect(h.take()).toMatchObject([{ op: 'data', block: 1 }]);
  });

  it('ignores a duplicate ACK in lock-step (no sorcerer’s apprentice)', async () => {
    const h = harness(bytesOf(2000));
    h.transfer.start();
    await flush();
    h.ack(1);
    await flush();
    expect(h.take()).toHaveLength(2);
    h.ack(1);
    h.ack(1);
    await flush();
    expect(h.take()).toEqual([]);
  });

  it('retransmits the unacknowledged block on timeout, then gives up after maxRetries', async () => {
    const h = harness(bytesOf(2000), { maxRetries: 2 });
    h.transfer.start();
    await flush();
    h.take();
    h.fire();
    await flush();
    expect(h.take()).toMatchObject([{ op: 'data', block: 1 }]);
    h.fire();
    h.fire();
    await expect(h.transfer.finished).resolves.toBe('timeout');
    expect(h.take().at(-1)).toMatchObject({ op: 'error', code: 0 });
  });

  it('rolls block numbers over from 65535 to 0 on large files', async () => {
    const blksize = 8;
    const bytes = bytesOf(blksize * 65_540 + 3);
    const h = harness(bytes, { blksize, windowsize: 64 });
    h.transfer.start();
    const received: Uint8Array[] = [];
    let wires: number[] = [];
    for (;;) {
      await flush();
      const window = h.take() as Data[];
      if (window.length === 0) break;
      received.push(...window.map((p) => p.data));
      wires = window.map((p) => p.block);
      h.ack(wires.at(-1) ?? -1);
    }
    expect(wires.at(-1)).toBe(65_541 & 0xffff);
    await expect(h.transfer.finished).resolves.toBe('complete');
    expect(Buffer.concat(received).equals(Buffer.from(bytes))).toBe(true);
  });

  it('sends windowsize blocks per ACK and goes back after a partial-window ACK (RFC 7440 §4)', async () => {
    const h = harness(bytesOf(512 * 10), { windowsize: 4 });
    h.transfer.start();
    await flush();
    expect((h.take() as Data[]).map((p) => p.block)).toEqual([1, 2, 3, 4]);
    h.ack(2); // blocks 3 and 4 were lost
    await flush();
    expect((h.take() as Data[]).map((p) => p.block)).toEqual([3, 4, 5, 6]);
    h.ack(2); // a stale duplicate: one go-back per window at most
    await flush();
    expect((h.take() as Data[]).map((p) => p.block)).toEqual([3, 4, 5, 6]);
    h.ack(2);
    await flush();
    expect(h.take()).toEqual([]);
  });

  it('ends on an ERROR from the client and answers other opcodes with ERROR 4', async () => {
    const a = harness(bytesOf(10));
    a.transfer.start();
    a.transfer.receive({ op: 'error', code: 8, message: 'no' });
    await expect(a.transfer.finished).resolves.toBe('client-error');
    const b = harness(bytesOf(10));
    b.transfer.start();
    b.transfer.receive({ op: 'data', block: 1, data: new Uint8Array(1) });
    await expect(b.transfer.finished).resolves.toBe('protocol-error');
    expect(b.take().at(-1)).toMatchObject({ op: 'error', code: 4 });
  });
});
