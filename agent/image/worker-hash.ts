import { Worker } from 'node:worker_threads';

/** Slots the download is copied into; the worker hashes one while the main thread fills the next. */
const SLOT_BYTES = 4 * 1024 * 1024;
const SLOTS = 4;

// The worker is a string evaluated by Node (CommonJS, so `require` exists): the agent ships as one esbuild
// bundle, where a separate worker file would have to be found on disk at run time.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash(workerData.algorithm);
const memory = Buffer.from(workerData.memory);
parentPort.on('message', (message) => {
  if (message.slot === undefined) { parentPort.postMessage({ digest: hash.digest('hex') }); return; }
  const start = message.slot * workerData.slotBytes;
  hash.update(memory.subarray(start, start + message.length));
  parentPort.postMessage({ slot: message.slot });
});
`;

type WorkerReply = { slot: number } | { digest: string };

/**
 * A hash computed on a worker thread, so that the main thread is free to download and write (sha256 of a
 * 512 MiB image is ~0.3-0.5 s of CPU; dd, the yardstick of issue #5, does not hash at all). Bytes are copied
 * into slots of shared memory (one memcpy, ~40 ms per 512 MiB) and hashed in order; `update` waits only when
 * every slot is still with the worker. IPA hashes the download as it arrives too (ironic.md §5.6).
 */
export class WorkerHash {
  private readonly worker: Worker;
  private readonly memory: Buffer;
  private readonly free: number[] = [];
  private slot: number;
  private filled = 0;
  private waiting: (() => void) | undefined;
  private digestWaiter: ((digest: string) => void) | undefined;
  private failure: Error | undefined;
  private failed: ((error: Error) => void) | undefined;

  /** Starts a worker hashing with `algorithm` (one of node:crypto's names: sha256, sha512, md5 …). */
  constructor(readonly algorithm: string) {
    const shared = new SharedArrayBuffer(SLOT_BYTES * SLOTS);
    this.memory = Buffer.from(shared);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { algorithm, memory: shared, slotBytes: SLOT_BYTES } });
    this.worker.unref(); // never keeps the agent alive; close() ends it
    this.worker.on('message', (reply: WorkerReply) => { this.onReply(reply); });
    this.worker.on('error', (error) => { this.fail(error); });
    this.worker.on('exit', (code) => { this.fail(new Error(`the hash worker exited (code ${code})`)); });
    for (let slot = 1; slot < SLOTS; slot++) this.free.push(slot);
    this.slot = 0;
  }

  /** Adds `chunk` (copied, so the caller may reuse it); resolves once it is copied. */
  async update(chunk: Buffer): Promise<void> {
    let done = 0;
    while (done < chunk.length) {
      if (this.failure !== undefined) throw this.failure;
      const start = this.slot * SLOT_BYTES + this.filled;
      const n = chunk.copy(this.memory, start, done, done + Math.min(chunk.length - done, SLOT_BYTES - this.filled));
      this.filled += n;
      done += n;
      if (this.filled === SLOT_BYTES) await this.send();
    }
  }

  /** The hex digest of everything added; the hash takes no more updates afterwards. */
  async digest(): Promise<string> {
    if (this.filled > 0) await this.send();
    if (this.failure !== undefined) throw this.failure;
    const digest = new Promise<string>((resolve, reject) => {
      this.digestWaiter = resolve;
      this.failed = reject;
    });
    this.worker.postMessage({});
    return digest;
  }

  /** Ends the worker (idempotent). */
  async close(): Promise<void> {
    this.failure ??= new Error('the hash was closed');
    await this.worker.terminate();
  }

  /** Hands the current slot to the worker and waits for a free one. */
  private async send(): Promise<void> {
    this.worker.postMessage({ slot: this.slot, length: this.filled });
    this.filled = 0;
    while (this.free.length === 0) {
      if (this.failure !== undefined) throw this.failure;
      await new Promise<void>((resolve, reject) => {
        this.waiting = resolve;
        this.failed = reject;
      });
    }
    this.slot = this.free.shift() ?? 0;
  }

  private onReply(reply: WorkerReply): void {
    if ('digest' in reply) {
      this.digestWaiter?.(reply.digest);
      return;
    }
    this.free.push(reply.slot);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.failed?.(this.failure);
  }
}
