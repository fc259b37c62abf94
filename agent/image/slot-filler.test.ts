import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SlotFiller } from './slot-filler.js';
import { SlotPool } from './slot-pool.js';

const SLOT = 8192;

/**
 * Plays a socket: each "read" lands in space() (like net's onread) or, now and then, arrives via put() (bytes
 * that came with the headers); a false answer pauses until ready(), like the HTTP reader does.
 */
async function produce(filler: SlotFiller, data: Buffer): Promise<{ pauses: number }> {
  let pauses = 0;
  for (let at = 0; at < data.length;) {
    const viaPut = Math.random() < 0.1;
    const space = filler.space();
    const n = Math.min(data.length - at, 1 + Math.floor(Math.random() * (viaPut ? 70_000 : space.length)));
    let more: boolean;
    if (viaPut) {
      more = filler.put(data.subarray(at, at + n));
    } else {
      data.copy(space, 0, at, at + n);
      more = filler.commit(n);
    }
    at += n;
    if (!more) { pauses++; await filler.ready(); }
    if (Math.random() < 0.3) await new Promise((resolve) => setImmediate(resolve));
  }
  filler.end();
  return { pauses };
}

describe('SlotFiller', () => {
  it('hands out the stream in whole slots, in order, when consumers hold slots long and the pool runs dry', async () => {
    const pool = new SlotPool(3, SLOT);
    const filler = new SlotFiller(pool);
    const data = randomBytes(40 * SLOT + 123);
    const producing = produce(filler, data);
    const out: Buffer[] = [];
    const held: Buffer[] = [];
    for await (const chunk of filler.chunks()) {
      out.push(Buffer.from(chunk));
      pool.retain(chunk); // a slow writer: give it back two chunks later
      held.push(chunk);
      if (held.length > 1) pool.release(held.shift() as Buffer);
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const chunk of held) pool.release(chunk);
    const { pauses } = await producing;
    expect(Buffer.concat(out).equals(data)).toBe(true);
    expect(out.slice(0, -1).every((chunk) => chunk.length === SLOT)).toBe(true); // the last one is short
    expect(pauses).toBeGreaterThan(0);
    expect(pool.tryTake()).toBeDefined(); // everything was given back
  });

  it('throws the failure after the slots filled before it', async () => {
    const pool = new SlotPool(4, SLOT);
    const filler = new SlotFiller(pool);
    filler.put(Buffer.alloc(SLOT + 10, 7));
    filler.fail(new Error('cut'));
    const out: number[] = [];
    await expect((async () => { for await (const chunk of filler.chunks()) out.push(chunk.length); })()).rejects.toThrow('cut');
    expect(out).toEqual([SLOT]);
  });
});
