import { Worker } from 'node:worker_threads';
import { SlotPool } from './slot-pool.js';

/** Hash jobs that may wait for the worker at once (each holds a slot, so the pool bounds them first). */
const JOBS = 64;

/** Int32 cells of the control block, shared by both threads. */
const SENT = 0; // jobs handed to the worker so far (main thread writes)
const DONE = 1; // jobs hashed so far (worker writes)
const EVENTS = 2; // bumped by every send and by the digest request: what the worker sleeps on
const FINISH = 3; // 1 once the digest is asked for
const JOB_CELLS = 4; // then JOBS triples: which memory (0 the pool's, 1 the copies'), byte offset, byte count

/** Slots for chunks that are not pool memory (tests, small bodies): copied there, then hashed. */
const COPY_SLOTS = 2;
const COPY_SLOT_BYTES = 1024 * 1024;

// A string evaluated by Node (CommonJS, so `require` exists): the agent ships as one esbuild bundle, where a
// separate worker file would have to be found on disk at run time. The threads meet in shared memory through
// Atomics: a postMessage per 4 MiB slot cost more than a millisecond of the main thread each under load.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { algorithm, memories, control, jobs } = workerData;
const hash = createHash(algorithm);
const bytes = memories.map((memory) => Buffer.from(memory));
const cells = new Int32Array(control);
let done = 0;
let seen = 0;
for (;;) {
  Atomics.wait(cells, ${EVENTS}, seen);
  seen = Atomics.load(cells, ${EVENTS});
  for (const sent = Atomics.load(cells, ${SENT}); done < sent; done++) {
    const job = ${JOB_CELLS} + 3 * (done % jobs);
    const offset = Atomics.load(cells, job + 1);
    hash.update(bytes[Atomics.load(cells, job)].subarray(offset, offset + Atomics.load(cells, job + 2)));
    Atomics.store(cells, ${DONE}, done + 1);
    Atomics.notify(cells, ${DONE});
  }
  // FINISH is set after the last SENT: seeing it, reload SENT so that the last job is not left out.
  if (Atomics.load(cells, ${FINISH}) === 1 && done === Atomics.load(cells, ${SENT})) break;
}
parentPort.postMessage(hash.digest('hex'));
`;

/** Atomics.waitAsync (Node 20 has it; the ES2023 lib this project compiles against does not declare it). */
type WaitAsync = (cells: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> };

/**
 * A hash computed on a worker thread, so that the main thread is free to download and write (sha256 of a
 * 512 MiB image is ~0.3 s of CPU; dd, the yardstick of issue #5, does not hash at all). The worker reads the
 * download's slots where they lie (SlotPool memory is shared): a chunk from the pool is held until it has
 * been hashed, in order; any other chunk is first copied into pool slots. IPA hashes the download as it
 * arrives too (ironic.md §5.6).
 */
export class WorkerHash {
  private readonly worker: Worker;
  private readonly cells: Int32Array;
  private readonly copies = new SlotPool(COPY_SLOTS, COPY_SLOT_BYTES);
  private sent = 0;
  private closed = false;
  /** Chunks the worker has not finished, oldest first, held in the pool until then. */
  private readonly held: Buffer[] = [];
  private released = 0;
  private watching = false;
  private readonly digestPromise: Promise<string>;
  private readonly stopped: Promise<never>;

  /** Starts a worker hashing with `algorithm` (one of node:crypto's names: sha256, sha512, md5 …) over `pool`. */
  constructor(readonly algorithm: string, private readonly pool: SlotPool) {
    const control = new SharedArrayBuffer(4 * (JOB_CELLS + 3 * JOBS));
    this.cells = new Int32Array(control);
    const memories = [pool.memory, this.copies.memory];
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { algorithm, memories, control, jobs: JOBS } });
    this.worker.unref(); // never keeps the agent alive; close() ends it
    this.digestPromise = new Promise<string>((resolve) => { this.worker.once('message', resolve); });
    this.stopped = new Promise<never>((_resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => { reject(new Error(`the hash worker stopped (exit code ${code}); the hash was closed or failed`)); });
    });
    this.stopped.catch(() => undefined); // observed by whoever waits next
  }

  /** Adds `chunk`; a pool chunk is held until hashed, anything else is copied (reusable once this resolves). */
  async update(chunk: Buffer): Promise<void> {
    if (this.closed) throw new Error('the hash was closed');
    if (this.pool.owns(chunk)) {
      this.pool.retain(chunk);
      await this.send(chunk);
      return;
    }
    for (let done = 0; done < chunk.length;) {
      const slot = await this.copies.take(); // its own slots: taking the pool's could wait on the caller
      const n = chunk.copy(slot, 0, done);
      done += n;
      await this.send(slot.subarray(0, n));
    }
  }

  /** The hex digest of everything added; the hash takes no more updates afterwards. */
  async digest(): Promise<string> {
    Atomics.store(this.cells, FINISH, 1);
    this.wake();
    return Promise.race([this.digestPromise, this.stopped]);
  }

  /** Ends the worker (idempotent) and gives back the chunks it still held. */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
    for (const chunk of this.held.splice(0)) this.give(chunk);
  }

  private give(chunk: Buffer): void {
    (this.pool.owns(chunk) ? this.pool : this.copies).release(chunk);
  }

  /** Queues a held chunk for the worker, waiting while every job cell is in use. */
  private async send(chunk: Buffer): Promise<void> {
    while (this.sent - Atomics.load(this.cells, DONE) >= JOBS) await this.progress();
    const job = JOB_CELLS + 3 * (this.sent % JOBS);
    Atomics.store(this.cells, job, this.pool.owns(chunk) ? 0 : 1);
    Atomics.store(this.cells, job + 1, chunk.byteOffset);
    Atomics.store(this.cells, job + 2, chunk.length);
    this.held.push(chunk);
    this.sent++;
    Atomics.store(this.cells, SENT, this.sent);
    this.wake();
    this.watch();
  }

  private wake(): void {
    Atomics.add(this.cells, EVENTS, 1);
    Atomics.notify(this.cells, EVENTS);
  }

  /** Gives hashed chunks back to the pool as the worker finishes them, until none is held. */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    void (async () => {
      try {
        while (this.held.length > 0 && !this.closed) {
          this.releaseHashed();
          if (this.held.length > 0) await this.progress();
        }
      } catch {
        // the worker stopped (after the digest, or failed: digest() reports that)
      } finally {
        this.releaseHashed();
        this.watching = false;
      }
    })();
  }

  private releaseHashed(): void {
    const done = Atomics.load(this.cells, DONE);
    for (; this.released < done && this.held.length > 0; this.released++) this.give(this.held.shift() as Buffer);
  }

  /** Waits until the worker has hashed one more job (or has stopped). */
  private async progress(): Promise<void> {
    const done = Atomics.load(this.cells, DONE);
    const wait = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(this.cells, DONE, done);
    if (wait.async) await Promise.race([wait.value, this.stopped]);
  }
}
