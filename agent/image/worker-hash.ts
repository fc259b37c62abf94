import { Worker } from 'node:worker_threads';

/** Slots the download is copied into; the worker hashes one while the main thread fills the next. */
const SLOT_BYTES = 4 * 1024 * 1024;
const SLOTS = 4;

/** Int32 cells of the control block, shared by both threads. */
const SENT = 0; // slots handed to the worker so far (main thread writes)
const DONE = 1; // slots hashed so far (worker writes)
const EVENTS = 2; // bumped by every send and by the digest request: what the worker sleeps on
const FINISH = 3; // 1 once the digest is asked for
const LENGTHS = 4; // the byte count of each slot

// A string evaluated by Node (CommonJS, so `require` exists): the agent ships as one esbuild bundle, where a
// separate worker file would have to be found on disk at run time. The threads meet in shared memory through
// Atomics: a postMessage per 4 MiB slot cost more than a millisecond of the main thread each under load.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { algorithm, memory, control, slotBytes, slots } = workerData;
const hash = createHash(algorithm);
const bytes = Buffer.from(memory);
const cells = new Int32Array(control);
let done = 0;
let seen = 0;
for (;;) {
  Atomics.wait(cells, ${EVENTS}, seen);
  seen = Atomics.load(cells, ${EVENTS});
  for (const sent = Atomics.load(cells, ${SENT}); done < sent; done++) {
    const slot = done % slots;
    hash.update(bytes.subarray(slot * slotBytes, slot * slotBytes + Atomics.load(cells, ${LENGTHS} + slot)));
    Atomics.store(cells, ${DONE}, done + 1);
    Atomics.notify(cells, ${DONE});
  }
  // FINISH is set after the last SENT: seeing it, reload SENT so that the last slot is not left out.
  if (Atomics.load(cells, ${FINISH}) === 1 && done === Atomics.load(cells, ${SENT})) break;
}
parentPort.postMessage(hash.digest('hex'));
`;

/** Atomics.waitAsync (Node 20 has it; the ES2023 lib this project compiles against does not declare it). */
type WaitAsync = (cells: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> };

/**
 * A hash computed on a worker thread, so that the main thread is free to download and write (sha256 of a
 * 512 MiB image is ~0.3-0.5 s of CPU; dd, the yardstick of issue #5, does not hash at all). Bytes are copied
 * into slots of shared memory (one memcpy, ~40 ms per 512 MiB) and hashed in order; `update` waits only when
 * every slot is still with the worker. IPA hashes the download as it arrives too (ironic.md §5.6).
 */
export class WorkerHash {
  private readonly worker: Worker;
  private readonly memory: Buffer;
  private readonly cells: Int32Array;
  private sent = 0;
  private closed = false;
  private filled = 0;
  private readonly digestPromise: Promise<string>;
  private readonly stopped: Promise<never>;

  /** Starts a worker hashing with `algorithm` (one of node:crypto's names: sha256, sha512, md5 …). */
  constructor(readonly algorithm: string) {
    const memory = new SharedArrayBuffer(SLOT_BYTES * SLOTS);
    const control = new SharedArrayBuffer(4 * (LENGTHS + SLOTS));
    this.memory = Buffer.from(memory);
    this.cells = new Int32Array(control);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { algorithm, memory, control, slotBytes: SLOT_BYTES, slots: SLOTS } });
    this.worker.unref(); // never keeps the agent alive; close() ends it
    this.digestPromise = new Promise<string>((resolve) => { this.worker.once('message', resolve); });
    this.stopped = new Promise<never>((_resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => { reject(new Error(`the hash worker stopped (exit code ${code}); the hash was closed or failed`)); });
    });
    this.stopped.catch(() => undefined); // observed by whoever waits next
  }

  /** Adds `chunk` (copied, so the caller may reuse it); resolves once it is copied. */
  async update(chunk: Buffer): Promise<void> {
    if (this.closed) throw new Error('the hash was closed');
    let done = 0;
    while (done < chunk.length) {
      if (this.sent - Atomics.load(this.cells, DONE) >= SLOTS) await this.slotFreed();
      const start = (this.sent % SLOTS) * SLOT_BYTES + this.filled;
      const n = chunk.copy(this.memory, start, done, done + Math.min(chunk.length - done, SLOT_BYTES - this.filled));
      this.filled += n;
      done += n;
      if (this.filled === SLOT_BYTES) this.send();
    }
  }

  /** The hex digest of everything added; the hash takes no more updates afterwards. */
  async digest(): Promise<string> {
    if (this.filled > 0) this.send(); // a partly filled slot was free when its first byte went in
    Atomics.store(this.cells, FINISH, 1);
    this.wake();
    return Promise.race([this.digestPromise, this.stopped]);
  }

  /** Ends the worker (idempotent). */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }

  /** Hands the current slot to the worker. */
  private send(): void {
    Atomics.store(this.cells, LENGTHS + (this.sent % SLOTS), this.filled);
    this.sent++;
    this.filled = 0;
    Atomics.store(this.cells, SENT, this.sent);
    this.wake();
  }

  private wake(): void {
    Atomics.add(this.cells, EVENTS, 1);
    Atomics.notify(this.cells, EVENTS);
  }

  /** Waits until the worker has hashed one more slot (or has stopped). */
  private async slotFreed(): Promise<void> {
    const done = Atomics.load(this.cells, DONE);
    if (this.sent - done < SLOTS) return;
    const wait = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(this.cells, DONE, done);
    if (wait.async) await Promise.race([wait.value, this.stopped]);
  }
}
