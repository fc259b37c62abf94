/** The part of the WebAssembly global this file uses (the ES2023 lib and @types/node 20 do not declare it). */
interface WasmMemoryConstructor {
  new (descriptor: { initial: number; maximum: number; shared: boolean }): { buffer: SharedArrayBuffer };
}

/** A WebAssembly page: the unit the memory below grows in. */
const WASM_PAGE_BYTES = 64 * 1024;

/** Slots start on this boundary: what O_DIRECT asks of memory on 4Kn disks (512-byte devices need less). */
export const SLOT_ALIGN_BYTES = 4096;

/**
 * Page-aligned shared memory cut into equal slots that are lent out with reference counts. Every holder (the
 * download, the hash worker, a write in flight, a pipe write) retains the slot it reads and releases it when
 * done; a slot is reused only after its last release, so nobody copies a chunk "to be safe".
 *
 * The memory is a shared WebAssembly.Memory: V8 maps it page-aligned (Buffer.allocUnsafe memory sits 16 bytes
 * past a page boundary, which O_DIRECT refuses with EINVAL), and as a SharedArrayBuffer the hash worker reads
 * it in place.
 */
export class SlotPool {
  /** The whole pool, for another thread. */
  readonly memory: SharedArrayBuffer;
  private readonly bytes: Buffer;
  private readonly refs: Uint32Array;
  private readonly free: number[] = [];
  private readonly waiters: Array<() => void> = [];

  /** `slotCount` slots of `slotBytes` (a multiple of 4096). */
  constructor(readonly slotCount: number, readonly slotBytes: number) {
    if (slotBytes % SLOT_ALIGN_BYTES !== 0 || slotCount < 1) throw new RangeError(`slots must be a positive number of multiples of ${SLOT_ALIGN_BYTES} bytes`);
    this.memory = sharedMemory(slotCount * slotBytes);
    this.bytes = Buffer.from(this.memory);
    this.refs = new Uint32Array(slotCount);
    for (let slot = slotCount - 1; slot >= 0; slot--) this.free.push(slot);
  }

  /** A whole free slot, held once by the caller; undefined when every slot is lent. */
  tryTake(): Buffer | undefined {
    const slot = this.free.pop();
    if (slot === undefined) return undefined;
    this.refs[slot] = 1;
    return this.bytes.subarray(slot * this.slotBytes, (slot + 1) * this.slotBytes);
  }

  /** A whole slot, waiting for one to be released when every slot is lent. */
  async take(): Promise<Buffer> {
    for (;;) {
      const slot = this.tryTake();
      if (slot !== undefined) return slot;
      await this.whenFree();
    }
  }

  /** Resolves at the next release that frees a slot. */
  whenFree(): Promise<void> {
    return new Promise((resolve) => { this.waiters.push(resolve); });
  }

  /** True when `data` lies in this pool's memory (then retain and release apply to it). */
  owns(data: Uint8Array): boolean {
    return data.buffer === this.memory;
  }

  /** Holds the slot under `data` once more. */
  retain(data: Uint8Array): void {
    const slot = this.slotOf(data);
    if (this.refs[slot] === 0) throw new Error('retain of a free slot');
    this.refs[slot] = (this.refs[slot] ?? 0) + 1;
  }

  /** Drops one hold on the slot under `data`; the last one frees the slot and wakes whoever waits for one. */
  release(data: Uint8Array): void {
    const slot = this.slotOf(data);
    const refs = this.refs[slot] ?? 0;
    if (refs === 0) throw new Error('release of a free slot');
    this.refs[slot] = refs - 1;
    if (refs > 1) return;
    this.free.push(slot);
    for (const wake of this.waiters.splice(0)) wake();
  }

  private slotOf(data: Uint8Array): number {
    if (!this.owns(data)) throw new Error('the buffer is not from this pool');
    return Math.floor(data.byteOffset / this.slotBytes);
  }
}

/**
 * Shared, page-aligned memory: a WebAssembly.Memory. Where V8 cannot reserve one (each reserves ~10 GiB of
 * address space; `ulimit -v` may forbid it) a plain SharedArrayBuffer does, 16 bytes off the page: O_DIRECT
 * then fails once with EINVAL and the target falls back to buffered writes.
 */
function sharedMemory(bytes: number): SharedArrayBuffer {
  const pages = Math.ceil(bytes / WASM_PAGE_BYTES);
  const Memory = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryConstructor } }).WebAssembly.Memory;
  try {
    return new Memory({ initial: pages, maximum: pages, shared: true }).buffer;
  } catch {
    return new SharedArrayBuffer(pages * WASM_PAGE_BYTES);
  }
}

/** `bytes` of zeros, page-aligned (a pool of one slot), for O_DIRECT writes of zero runs and wipes. */
export function alignedZeros(bytes: number): Buffer {
  const rounded = Math.ceil(bytes / SLOT_ALIGN_BYTES) * SLOT_ALIGN_BYTES;
  return (new SlotPool(1, rounded).tryTake() as Buffer).subarray(0, bytes);
}
