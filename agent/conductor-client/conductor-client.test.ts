import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MASKED_TOKEN, silentLogger, type Clock, type HeartbeatRequest } from '../../core/index.js';
import { createHeartbeater } from './heartbeater.js';
import { createIronicApiClient, type IronicApiClient } from './ironic-api-client.js';
import { LookupFailed, lookupNode } from './lookup-node.js';

// A stub conductor on loopback (preamble: test traffic stays on loopback). Each test scripts its answers.
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}
const servers: Server[] = [];
const clients: IronicApiClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((r) => {
          s.closeAllConnections();
          s.close(r);
        }),
    ),
  );
});

async function stub(answer: (seen: Seen, n: number) => [number, unknown]): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: text === '' ? undefined : JSON.parse(text),
      };
      seen.push(entry);
      const [status, body] = answer(entry, seen.length);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** A loopback URL nothing listens on: connections are refused. */
async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

/** A clock whose short sleeps pass at once (recorded) and whose long ones wait for their signal. */
function fakeClock(longMs = Number.POSITIVE_INFINITY) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      if (ms < longMs) {
        now += ms;
        return signal?.aborted ? Promise.reject(signal.reason as Error) : Promise.resolve();
      }
      return new Promise((_r, reject) => {
        signal?.addEventListener(
          'abort',
          () => {
            reject(signal.reason as Error);
          },
          { once: true },
        );
      });
    },
  };
  return {
    clock,
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const client = (urls: string[]) => {
  const c = createIronicApiClient({
    urls,
    insecure: false,
    globalRequestId: 'req-1',
    requestTimeoutMs: 5000,
    log: silentLogger,
  });
  clients.push(c);
  return c;
};
const lookupBody = (token: string) => ({
  node: { uuid: 'node-1', properties: {}, instance_info: {}, driver_internal_info: {} },
  config: { heartbeat_timeout: 120, agent_token: token, agent_token_required: true },
});
const lookupOptions = (c: IronicApiClient, clock: Clock, extra: Partial<Parameters<typeof lookupNode>[0]> = {}) => ({
  client: c,
  addresses: ['52:54:00:00:00:01', '52:54:00:00:00:02'],
  nodeUuid: undefined,
  pregeneratedToken: '',
  timeoutMs: 600_000,
  intervalMs: 1000,
  clock,
  random: () => 0.5,
  log: silentLogger,
  signal: new AbortController().signal,
  ...extra,
});

describe('lookup', () => {
  it('fails over from a refusing URL to the next, keeps asking through 404s, and moves the working URL first', async () => {
    const dead = await refusedUrl();
    const conductor = await stub((_s, n) =>
      n < 3 ? [404, { error_message: 'not found' }] : [200, lookupBody('tok-123456789')],
    );
    const c = client([dead, conductor.url]);
    const { clock, sleeps } = fakeClock();
    const result = await lookupNode(lookupOptions(c, clock));
    expect(result).toMatchObject({ token: 'tok-123456789', heartbeatTimeoutS: 120, node: { uuid: 'node-1' } });
    expect(conductor.seen).toHaveLength(3);
    expect(conductor.seen[0]?.url).toBe(
      '/v1/lookup?addresses=52%3A54%3A00%3A00%3A00%3A01%2C52%3A54%3A00%3A00%3A00%3A02',
    );
    expect(conductor.seen[0]?.headers['x-openstack-ironic-api-version']).toBe('1.62');
    expect(conductor.seen[0]?.headers['x-openstack-request-id']).toBe('req-1');
    expect(sleeps).toEqual([1000, 1500]); // exponential: min interval, then doubled × U(0.5, 1) with random 0.5
    expect(c.urls()).toEqual([conductor.url, dead]);
  });

  it('sends node_uuid when inspection found the node, and caps the back-off at 60 s', async () => {
    const conductor = await stub((_s, n) => (n < 9 ? [500, {}] : [200, lookupBody('tok-abcdefgh')]));
    const { clock, sleeps } = fakeClock();
    await lookupNode(lookupOptions(client([conductor.url]), clock, { nodeUuid: 'node-1' }));
    expect(conductor.seen[0]?.url).toContain('node_uuid=node-1');
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(60_000);
    expect(sleeps.at(-1)).toBe(45_000);
  });

  it('stops loudly when the token was already handed out and none was pregenerated', async () => {
    const conductor = await stub(() => [200, lookupBody(MASKED_TOKEN)]);
    const { clock } = fakeClock();
    await expect(lookupNode(lookupOptions(client([conductor.url]), clock))).rejects.toThrow(
      /already handed .* agent token/,
    );
    const withPregenerated = await lookupNode(
      lookupOptions(client([conductor.url]), clock, { pregeneratedToken: 'pregen-token-1' }),
    );
    expect(withPregenerated.token).toBe('pregen-token-1');
  });

  it('gives up after the lookup timeout', async () => {
    const conductor = await stub(() => [404, {}]);
    const { clock } = fakeClock();
    await expect(
      lookupNode(lookupOptions(client([conductor.url]), clock, { timeoutMs: 10_000 })),
    ).rejects.toBeInstanceOf(LookupFailed);
    expect(conductor.seen.length).toBeGreaterThan(2);
    expect(conductor.seen.length).toBeLessThan(10);
  });
});

describe('heartbeater', () => {
  it('heartbeats at once, then after timeout × U(0.3, 0.6); forced heartbeats carry fresh progress, 5 s apart', async () => {
    const conductor = await stub(() => [202, null]);
    const { clock, sleeps } = fakeClock(10_000);
    let progress = 'idle';
    let accepted = 0;
    const stop = new AbortController();
    const hb = createHeartbeater({
      client: client([conductor.url]),
      nodeUuid: 'node-1',
      heartbeatTimeoutS: 100,
      clock,
      random: () => 0.5,
      log: silentLogger,
      body: (): HeartbeatRequest => ({
        callback_url: 'https://10.0.0.9:9999',
        agent_version: '0.1.0',
        agent_token: 'tok',
        agent_status: 'start',
        agent_status_message: progress,
      }),
      onAccepted: () => {
        accepted++;
      },
    });
    const running = hb.run(stop.signal);
    await vitestWaitFor(() => accepted === 1);
    expect(sleeps).toEqual([45_000]); // 100 s × (0.3 + 0.3 × 0.5)
    progress = 'write_image: 50%';
    hb.force();
    await vitestWaitFor(() => accepted === 2);
    expect(sleeps).toEqual([45_000, 1000, 45_000]); // a forced heartbeat waits 1 s after the last one
    stop.abort();
    await running;
    expect(conductor.seen.map((s) => s.url)).toEqual(['/v1/heartbeat/node-1', '/v1/heartbeat/node-1']);
    expect(conductor.seen[1]?.headers['x-openstack-ironic-api-version']).toBe('1.72');
    expect(conductor.seen[1]?.body).toEqual({
      callback_url: 'https://10.0.0.9:9999',
      agent_version: '0.1.0',
      agent_token: 'tok',
      agent_status: 'start',
      agent_status_message: 'write_image: 50%',
    });
  });

  it('retries after an error in 5 × U(1, 2) s', async () => {
    const conductor = await stub((_s, n) => (n === 1 ? [409, { error_message: 'locked' }] : [202, null]));
    const { clock, sleeps } = fakeClock(10_000);
    const stop = new AbortController();
    let accepted = 0;
    const hb = createHeartbeater({
      client: client([conductor.url]),
      nodeUuid: 'node-1',
      heartbeatTimeoutS: 300,
      clock,
      random: () => 0,
      log: silentLogger,
      body: () => ({ callback_url: 'http://x:9999', agent_version: '0', agent_token: 't' }),
      onAccepted: () => {
        accepted++;
      },
    });
    const running = hb.run(stop.signal);
    await vitestWaitFor(() => accepted === 1);
    stop.abort();
    await running;
    expect(sleeps).toEqual([5000, 90_000]);
    expect(conductor.seen[0]?.headers['x-openstack-ironic-api-version']).toBe('1.68');
  });
});

async function vitestWaitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
