import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { IpmiClient, type BmcTarget } from '../../drivers/ipmi/index.js';
import { encodeAsfPing, parseAsfPong } from '../../drivers/ipmi/rmcp-header.js';
import { startIpmiResponder, type IpmiResponder } from './start-ipmi-responder.js';

let responder: IpmiResponder | undefined;
let client: IpmiClient | undefined;
const signal = () => AbortSignal.timeout(5_000);

async function start(options: { bmcs?: number; maxSessionsPerBmc?: number; now?: () => number } = {}) {
  responder = await startIpmiResponder({ bmcs: options.bmcs ?? 2, basePort: 0, ...options });
  client = new IpmiClient({ clock: systemClock, requestTimeoutMs: 200, attempts: 2, bindAddress: '127.0.0.1' });
  return { responder, client };
}
const target = (port: number, extra: Partial<BmcTarget> = {}): BmcTarget => ({
  host: '127.0.0.1',
  port,
  username: 'admin',
  password: 'password',
  privilege: 4,
  cipherSuite: 3,
  ...extra,
});
const command = (netFn: number, cmd: number, ...data: number[]) => ({
  netFn,
  command: cmd,
  data: Uint8Array.from(data),
});

afterEach(async () => {
  await client?.close();
  await responder?.stop();
  client = undefined;
  responder = undefined;
});

describe('IPMI responder', () => {
  for (const suite of [3, 17]) {
    it(`logs in with cipher suite ${suite} and switches power through Chassis Control`, async () => {
      const { responder, client } = await start();
      const bmc = target(responder.port(1), { cipherSuite: suite });
      expect((await client.execute(bmc, command(0, 1), signal())).data[0]).toBe(0x00);
      expect((await client.execute(bmc, command(0, 2, 1), signal())).completionCode).toBe(0);
      expect(responder.bmc(1).powerOn).toBe(true);
      expect(responder.bmc(0).powerOn).toBe(false); // each port is its own BMC
      expect((await client.execute(bmc, command(0, 1), signal())).data[0]).toBe(0x01);
      expect(responder.stats().answered.login).toBe(1);
    });
  }

  it('keeps boot flags, and a power-up uses up a one-time override but not a persistent one', async () => {
    const { responder, client } = await start();
    const bmc = target(responder.port(0));
    await client.execute(bmc, command(0, 8, 5, 0x80, 0x04, 0, 0, 0), signal()); // PXE, next boot only
    expect((await client.execute(bmc, command(0, 9, 5, 0, 0), signal())).data.toString('hex')).toBe('01058004000000');
    await client.execute(bmc, command(0, 2, 1), signal());
    expect((await client.execute(bmc, command(0, 9, 5, 0, 0), signal())).data[2]).toBe(0x00);
    await client.execute(bmc, command(0, 8, 5, 0xe0, 0x18, 0, 0, 0), signal()); // BIOS, persistent, EFI
    await client.execute(bmc, command(0, 2, 3), signal());
    expect((await client.execute(bmc, command(0, 9, 5, 0, 0), signal())).data[2]).toBe(0xe0);
  });

  it('answers with the completion codes of the spec for refusals', async () => {
    const { responder, client } = await start();
    const bmc = target(responder.port(0));
    const code = async (...request: [number, number, ...number[]]) =>
      (await client.execute(bmc, command(...request), signal())).completionCode;
    expect(await code(0, 8, 0, 1)).toBe(0); // set in progress
    expect(await code(0, 8, 0, 1)).toBe(0x81); // again, before set complete
    expect(await code(0, 8, 0x62, 1)).toBe(0x80); // parameter not supported
    expect(await code(0, 8, 5, 0x80)).toBe(0xc7); // truncated
    expect(await code(0, 2, 0x0f)).toBe(0xcc);
    expect(await code(6, 0x99)).toBe(0xc1);
    expect(await code(6, 0x3b, 5)).toBe(0x81); // above administrator
    expect(await code(6, 0x3c, 1, 2, 3, 4)).toBe(0x87); // no such session
  });

  it('refuses operator commands to a USER session with 0xD4', async () => {
    const { responder, client } = await start();
    const response = await client.execute(target(responder.port(0), { privilege: 2 }), command(0, 2, 1), signal());
    expect(response.completionCode).toBe(0xd4);
    expect(responder.bmc(0).powerOn).toBe(false);
  });

  it('rejects a wrong password and an unknown user in RAKP', async () => {
    const { responder, client } = await start();
    for (const wrong of [{ password: 'wrong' }, { username: 'nobody' }]) {
      await expect(client.execute(target(responder.port(0), wrong), command(0, 1), signal())).rejects.toMatchObject({
        kind: 'credentials',
      });
    }
    expect(responder.bmc(0).sessions.size).toBe(0); // refused logins give their slot back
  });

  it('stops answering when silenced, and answers again afterwards', async () => {
    const { responder, client } = await start();
    responder.bmc(0).silent = true;
    await expect(client.execute(target(responder.port(0)), command(0, 1), signal())).rejects.toMatchObject({
      kind: 'timeout',
    });
    responder.bmc(0).silent = false;
    await expect(client.execute(target(responder.port(0)), command(0, 1), signal())).resolves.toMatchObject({
      completionCode: 0,
    });
    expect(responder.stats().silenced).toBeGreaterThan(0);
  });

  it('refuses sessions beyond its limit and forgets idle ones after the session timeout', async () => {
    let nowMs = 0;
    const { responder, client } = await start({ maxSessionsPerBmc: 1, now: () => nowMs });
    const other = new IpmiClient({ clock: systemClock, requestTimeoutMs: 200, attempts: 1, bindAddress: '127.0.0.1' });
    try {
      await client.execute(target(responder.port(0)), command(0, 1), signal());
      await expect(other.execute(target(responder.port(0)), command(0, 1), signal())).rejects.toThrow(
        /insufficient resources to create a session/,
      );
      nowMs = 61_000;
      await expect(other.execute(target(responder.port(0)), command(0, 1), signal())).resolves.toMatchObject({
        completionCode: 0,
      });
    } finally {
      await other.close();
    }
  });

  it('answers an RMCP presence ping and survives garbage', async () => {
    const { responder, client } = await start();
    const socket = createSocket('udp4');
    try {
      const pong = new Promise<Buffer>((resolve) => socket.once('message', resolve));
      socket.send(Buffer.from('not ipmi at all'), responder.port(0), '127.0.0.1');
      socket.send(encodeAsfPing(42), responder.port(0), '127.0.0.1');
      expect(parseAsfPong(await pong)).toEqual({ tag: 42, ipmiSupported: true });
    } finally {
      socket.close();
    }
    await expect(client.execute(target(responder.port(0)), command(6, 1), signal())).resolves.toMatchObject({
      completionCode: 0,
    });
  });
});
