import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { parseBootFlags } from './boot-options.js';
import { getChassisStatusRequest, parseChassisStatus, parseDeviceId } from './chassis-commands.js';
import { cipherSuite } from './cipher-suites.js';
import { IpmiClient } from './ipmi-client.js';
import { IpmiError } from './ipmi-error.js';
import { NetFn, encodeIpmiRequest, parseIpmiResponse } from './ipmi-message.js';
import type { SessionKeys } from './rakp-crypto.js';
import { parseOpenSessionResponse, parseRakp2, parseRakp4 } from './rakp-messages.js';
import { parseAsfPong } from './rmcp-header.js';
import { PayloadType, encodeV15Packet, encodeV20Packet, parseSessionPacket } from './session-packet.js';
import { ScriptedBmc } from './testing/scripted-bmc.js';

/** mulberry32: a seeded generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(next: () => number, seed: Buffer): Buffer {
  const pick = (n: number): number => Math.floor(next() * n);
  const out = Buffer.from(seed);
  switch (pick(5)) {
    case 0:
      return out.subarray(0, pick(out.length + 1)); // truncated
    case 1:
      return Buffer.from(Array.from({ length: pick(200) }, () => pick(256))); // noise
    case 2:
      return Buffer.concat([out, Buffer.from(Array.from({ length: pick(40) }, () => pick(256)))]); // trailing junk
    default:
      for (let i = 0, n = 1 + pick(4); i < n && out.length > 0; i += 1) out[pick(out.length)] = pick(256); // flipped bytes
      return out;
  }
}

const keys3: SessionKeys = { suite: cipherSuite(3)!, integrityKey: Buffer.alloc(20, 1), aesKey: Buffer.alloc(16, 2) };
const response = encodeIpmiRequest({ netFn: NetFn.Chassis | 1, command: 1, data: Uint8Array.of(0, 1, 0, 0) }, 3);
const seeds = [
  encodeV15Packet(response),
  encodeV20Packet({ payloadType: PayloadType.Ipmi, sessionId: 7, sequence: 1, payload: response, keys: keys3 }),
  encodeV20Packet({
    payloadType: PayloadType.OpenSessionResponse,
    sessionId: 0,
    sequence: 0,
    payload: Buffer.alloc(36, 1),
  }),
  encodeV20Packet({ payloadType: PayloadType.Rakp2, sessionId: 0, sequence: 0, payload: Buffer.alloc(60, 3) }),
  encodeV20Packet({ payloadType: PayloadType.Rakp4, sessionId: 0, sequence: 0, payload: Buffer.alloc(20, 4) }),
  Buffer.from('0600ff06000011be4042001000000000000000008100000000000000', 'hex'),
];

/** Runs `parse`; anything thrown must be our malformed error. */
function survive(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof IpmiError && error.kind === 'malformed')) throw error;
  }
}

describe('RMCP+ response parsers under fuzzing', () => {
  it('survive 20,000 mutated, truncated and random datagrams with nothing but malformed errors', () => {
    const next = random(20_240_601);
    const started = Date.now();
    for (let i = 0; i < 20_000; i += 1) {
      const datagram = mutate(next, seeds[i % seeds.length]!);
      survive(() => parseAsfPong(datagram));
      survive(() => parseSessionPacket(datagram));
      survive(() => {
        const packet = parseSessionPacket(datagram, keys3);
        for (const parse of [
          parseIpmiResponse,
          parseOpenSessionResponse,
          (p: Buffer) => parseRakp2(p, 20),
          (p: Buffer) => parseRakp2(p, 32),
          (p: Buffer) => parseRakp4(p, 16),
          parseChassisStatus,
          parseBootFlags,
          parseDeviceId,
        ]) {
          survive(() => parse(packet.payload));
        }
      });
    }
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('keeps a live session usable while the BMC garbles half of its answers', async () => {
    const bmc = await ScriptedBmc.start();
    const client = new IpmiClient({
      clock: systemClock,
      bindAddress: '127.0.0.1',
      requestTimeoutMs: 15,
      attempts: 2,
      keepaliveIntervalMs: 0,
    });
    const next = random(42);
    bmc.behaviour.mutate = (datagram) => (next() < 0.5 ? mutate(next, datagram) : datagram);
    const target = { host: '127.0.0.1', port: bmc.port, username: 'admin', password: 'password', privilege: 4 };
    const outcomes = { ok: 0, failed: 0 };
    try {
      for (let i = 0; i < 150; i += 1) {
        await client.execute(target, getChassisStatusRequest(), new AbortController().signal).then(
          () => (outcomes.ok += 1),
          (error: unknown) => {
            if (!(error instanceof IpmiError)) throw error;
            outcomes.failed += 1;
          },
        );
      }
      bmc.behaviour.mutate = undefined;
      await expect(
        client.execute(target, getChassisStatusRequest(), new AbortController().signal),
      ).resolves.toMatchObject({ completionCode: 0 });
      expect(outcomes.ok + outcomes.failed).toBe(150);
      expect(outcomes.ok).toBeGreaterThan(0);
    } finally {
      await client.close();
      await bmc.stop();
    }
  }, 60_000);
});
