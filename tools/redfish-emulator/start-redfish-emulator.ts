import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createEmulatorState } from './create-emulator-state.js';
import type { EmulatorState } from './emulator-state.js';
import { loadMockup } from './load-mockup.js';
import { normalizePath } from './odata-path.js';
import { createQmpMachine, type QmpMachineOptions } from './qmp-machine.js';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './read-json-body.js';
import { RedfishError } from './redfish-error.js';
import type { Reply } from './reply.js';
import { findSystem } from './resource-roles.js';
import { errorReply, routeRequest } from './route-request.js';
import { resolveSwitches, type VendorSwitchOptions } from './vendor-switches.js';

/** Options of `startRedfishEmulator`. */
export interface RedfishEmulatorOptions {
  /** A DMTF mockup tree or a folder of flat fixtures (see README.md for the sets that form a system). */
  mockupDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default admin / password, like the lab's BMCs. */
  username?: string;
  password?: string;
  /** Serve HTTPS with this PEM certificate and key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  switches?: VendorSwitchOptions;
  /** Drive a QEMU VM for one system (default: the first) instead of keeping power in memory. */
  qmp?: QmpMachineOptions & { system?: string };
  /** Largest request body accepted (413 above it); default 1 MiB. */
  maxBodyBytes?: number;
  /** Called once per request, e.g. to log it. */
  onRequest?: (entry: { method: string; path: string; status: number; durationMs: number }) => void;
}

/** A running emulator. */
export interface RedfishEmulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly state: EmulatorState;
  close(): Promise<void>;
}

/** Loads the mockup into a private state and serves it until `close()`. */
export async function startRedfishEmulator(options: RedfishEmulatorOptions): Promise<RedfishEmulator> {
  const mockup = loadMockup(options.mockupDir);
  const qmp = options.qmp;
  const state = createEmulatorState({
    mockup,
    switches: resolveSwitches(options.switches),
    credentials: { username: options.username ?? 'admin', password: options.password ?? 'password' },
    ...(qmp === undefined
      ? {}
      : {
          machine: (store) => {
            const system = findSystem(store, qmp.system);
            if (system === undefined)
              throw new Error(`no system ${qmp.system ?? ''} in ${options.mockupDir} for the QMP machine`);
            return createQmpMachine(system, qmp);
          },
        }),
  });
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    void serve(state, request, response, options);
  };
  const server: Server =
    options.tls === undefined ? createHttpServer(handler) : createHttpsServer(options.tls, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${host}:${address.port}`,
    port: address.port,
    state,
    close: async () => {
      for (const timer of state.runtime.timers) clearTimeout(timer);
      state.runtime.timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serve(
  state: EmulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  options: RedfishEmulatorOptions,
): Promise<void> {
  const started = Date.now();
  const method = (request.method ?? 'GET').toUpperCase();
  const path = normalizePath(request.url ?? '/');
  let reply: Reply;
  try {
    const body = await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    reply = await routeRequest({ state, method, path, key: state.store.resolve(path), headers: request.headers, body });
  } catch (error) {
    reply =
      error instanceof RedfishError
        ? errorReply(error)
        : { status: 500, body: { error: { code: 'Base.1.16.GeneralError', message: String(error) } } };
  }
  writeReply(response, method, reply);
  options.onRequest?.({ method, path, status: reply.status, durationMs: Date.now() - started });
}

/** Writes a reply with the headers every Redfish response carries (DSP0266 §8.2: OData-Version, Cache-Control). */
function writeReply(response: ServerResponse, method: string, reply: Reply): void {
  const body = reply.body;
  const isXml = body !== undefined && 'xml' in body && typeof body.xml === 'string';
  const text = body === undefined ? '' : isXml ? body.xml : JSON.stringify(body, null, 2);
  const headers: Record<string, string> = {
    'OData-Version': '4.0',
    'Cache-Control': 'no-cache',
    ...(body === undefined ? {} : { 'Content-Type': isXml ? 'application/xml' : 'application/json; charset=utf-8' }),
    'Content-Length': String(Buffer.byteLength(text)),
    ...reply.headers,
  };
  response.writeHead(reply.status, headers);
  response.end(method === 'HEAD' ? undefined : text);
}
