import { describe, expect, it } from 'vitest';
import { MessageType, Option } from './dhcp-constants.js';
import { parseDhcpPacket } from './dhcp-packet.js';
import { handleDhcpMessage } from './handle-dhcp-message.js';
import { serializeDhcpPacket } from './serialize-dhcp-packet.js';
import { aRequest, opt } from './testing/dhcp-test-packets.js';
import { onEth0, testContext, testSettings } from './testing/dhcp-test-context.js';

/** A small deterministic PRNG (mulberry32), so a failure replays with its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  aRequest({ type: MessageType.Discover, options: [opt.pxe(), opt.arch(7), [Option.UserClass, 'iPXE']] }),
  aRequest({
    type: MessageType.Request,
    options: [opt.ip(Option.ServerIdentifier, '10.0.0.1'), opt.ip(Option.RequestedAddress, '10.0.0.100')],
  }),
  aRequest({ type: MessageType.Release, ciaddr: '10.0.0.100', giaddr: '10.9.0.1' }),
  aRequest({ type: MessageType.Inform, ciaddr: '10.0.0.9', options: [[Option.Overload, Buffer.from([3])]] }),
].map((p) => serializeDhcpPacket(p));

/** One mutation: flip bytes, truncate, extend, splice option headers, change op / hlen / overload. */
function mutate(next: () => number, input: Buffer): Buffer {
  let b = Buffer.from(input);
  const pick = (n: number) => Math.floor(next() * n);
  for (let round = 1 + pick(4); round > 0; round--) {
    const kind = pick(7);
    if (kind === 0) b[pick(b.length)] = pick(256);
    else if (kind === 1) b = b.subarray(0, pick(b.length + 1));
    else if (kind === 2) b = Buffer.concat([b, Buffer.from(Array.from({ length: pick(600) }, () => pick(256)))]);
    else if (kind === 3 && b.length > 242) b.set([pick(256), pick(256)], 240 + pick(b.length - 241));
    else if (kind === 4 && b.length > 0) b[0] = pick(4);
    else if (kind === 5 && b.length > 2) b[2] = pick(32);
    else if (b.length > 243) b.set([52, 1, pick(4)], 240);
  }
  return b;
}

describe('DHCP parser and handler under mutated input', () => {
  it('never throws on 50,000 mutated packets, and the server answers only well-formed requests', async () => {
    const next = random(20261121);
    const { ctx } = testContext(testSettings({ maxDynamicLeases: 50 }));
    const proxy = testContext(testSettings({ mode: 'proxy' })).ctx;
    let parsed = 0;
    for (let i = 0; i < 50_000; i++) {
      const seed = SEEDS[i % SEEDS.length] ?? Buffer.alloc(0);
      const result = parseDhcpPacket(mutate(next, seed));
      if (!result.ok) {
        expect(result.reason).toMatch(/\w/);
        continue;
      }
      parsed += 1;
      for (const c of [ctx, proxy]) {
        const out = await handleDhcpMessage(c, result.packet, onEth0);
        if (out !== undefined) expect(parseDhcpPacket(serializeDhcpPacket(out.packet, out.maxBytes)).ok).toBe(true);
      }
    }
    expect(parsed).toBeGreaterThan(1000);
    expect(ctx.subnets[0]?.pool.dynamicCount).toBeLessThanOrEqual(50);
  }, 60_000);
});
