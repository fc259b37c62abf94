import { afterEach, describe, expect, it } from 'vitest';
import { startControlServer, type ControlServer } from './control-server.js';
import { startIpmiResponder, type IpmiResponder } from './start-ipmi-responder.js';

let responder: IpmiResponder | undefined;
let control: ControlServer | undefined;

afterEach(async () => {
  await control?.close();
  await responder?.stop();
});

describe('IPMI responder control API', () => {
  it('switches power and silences a range of BMCs, and shows one BMC', async () => {
    responder = await startIpmiResponder({ bmcs: 5, basePort: 0 });
    control = await startControlServer(responder, '127.0.0.1', 0);
    const url = `http://127.0.0.1:${control.port}`;
    const post = (body: unknown) =>
      fetch(`${url}/bmcs`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
      });
    expect(await (await post({ from: 1, count: 3, power: 'on', silent: true })).json()).toEqual({ updated: 3 });
    expect([0, 1, 2, 3, 4].map((i) => responder?.bmc(i).powerOn)).toEqual([false, true, true, true, false]);
    expect(responder.bmc(3).silent).toBe(true);
    const one = (await (await fetch(`${url}/bmcs/2`)).json()) as Record<string, unknown>;
    expect(one).toMatchObject({ index: 2, port: responder.port(2), power: 'on', silent: true, bootDevice: null });
    expect((await post({ from: 4, count: 2 })).status).toBe(400); // past the last BMC
    expect((await post({ from: 0, count: 1, power: 'sideways' })).status).toBe(400);
    expect((await fetch(`${url}/bmcs/9`)).status).toBe(404);
    expect(await (await fetch(`${url}/stats`)).json()).toMatchObject({ bmcs: 5, received: 0 });
  });
});
