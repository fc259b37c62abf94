import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { IpmiResponder } from './start-ipmi-responder.js';
import { bootDeviceOf, type SimulatedBmc } from './simulated-bmc.js';

/** The control channel of a responder: a small JSON-over-HTTP API on loopback. */
export interface ControlServer {
  readonly port: number;
  close(): Promise<void>;
}

/** A change to a range of BMCs: `count` BMCs from index `from`. */
interface BmcChange {
  from: number;
  count: number;
  power?: 'on' | 'off';
  silent?: boolean;
}

const MAX_BODY_BYTES = 4096;

/**
 * Serves, on host:port (0 = any free port):
 *   GET  /stats               datagram counters and open sessions
 *   GET  /bmcs/<index>        one BMC: port, power, boot device, silent, sessions
 *   POST /bmcs                {"from": 0, "count": 50, "power": "on" | "off", "silent": true | false}
 * so that a benchmark or an operator can flip power behind the conductor's back or make BMCs stop answering.
 */
export async function startControlServer(responder: IpmiResponder, host: string, port: number): Promise<ControlServer> {
  const server = createServer((request, response) => {
    handle(responder, request, response).catch((error: unknown) => {
      send(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => closeServer(server),
  };
}

async function handle(responder: IpmiResponder, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const [status, body] = await route(responder, request);
  send(response, status, body);
}

async function route(responder: IpmiResponder, request: IncomingMessage): Promise<readonly [number, unknown]> {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  if (request.method === 'GET' && path === '/stats') return [200, responder.stats()];
  const one = /^\/bmcs\/(\d+)$/.exec(path);
  if (request.method === 'GET' && one) {
    const index = Number(one[1]);
    return index < responder.size ? [200, describeBmc(responder.bmc(index))] : [404, { error: `no BMC ${index}` }];
  }
  if (request.method === 'POST' && path === '/bmcs') {
    const change = parseChange(await readBody(request), responder.size);
    if (typeof change === 'string') return [400, { error: change }];
    for (let index = change.from; index < change.from + change.count; index += 1) {
      const bmc = responder.bmc(index);
      if (change.power !== undefined) bmc.powerOn = change.power === 'on';
      if (change.silent !== undefined) bmc.silent = change.silent;
    }
    return [200, { updated: change.count }];
  }
  return [404, { error: `no route ${request.method ?? ''} ${path}` }];
}

/** A BMC as the control API shows it. */
export function describeBmc(bmc: SimulatedBmc) {
  return {
    index: bmc.index,
    port: bmc.port,
    power: bmc.powerOn ? 'on' : 'off',
    bootDevice: bootDeviceOf(bmc),
    bootFlags: bmc.bootFlags.toString('hex'),
    silent: bmc.silent,
    sessions: bmc.sessions.size,
    controls: [...bmc.controls],
  };
}

function parseChange(body: unknown, size: number): BmcChange | string {
  if (typeof body !== 'object' || body === null) return 'expected a JSON object';
  const { from, count, power, silent } = body as Record<string, unknown>;
  if (!Number.isInteger(from) || !Number.isInteger(count)) return '"from" and "count" must be integers';
  const first = from as number;
  const n = count as number;
  if (first < 0 || n < 0 || first + n > size) return `BMCs ${first}..${first + n - 1} are not all among 0..${size - 1}`;
  if (power !== undefined && power !== 'on' && power !== 'off') return '"power" must be "on" or "off"';
  if (silent !== undefined && typeof silent !== 'boolean') return '"silent" must be a boolean';
  return {
    from: first,
    count: n,
    ...(power === undefined ? {} : { power }),
    ...(silent === undefined ? {} : { silent }),
  };
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
