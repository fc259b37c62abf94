import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../core/index.js';
import type { BootDataReader } from '../boot-data-reader.js';
import type { IpxeScriptSettings } from '../ipxe-script.js';
import { discoveryScript, entryScript, nodeScript, type ScriptAnswer, type ScriptRouteDeps } from './ipxe-routes.js';
import { confinedPath, serveFile } from './serve-file.js';

/** What the HTTP boot server needs: where it listens, what it serves, and its port onto the database. */
export interface HttpBootServerOptions {
  host: string;
  port: number;
  /** Directory served under /images/ (kernels, ramdisks, instance images). */
  imageRoot: string;
  /** Directory of iPXE binaries (Debian's `ipxe` package: /usr/lib/ipxe), served at the top level. */
  ipxeDir: string;
  settings: IpxeScriptSettings;
  reader: BootDataReader;
  log: Logger;
}

/** A listening HTTP boot server. */
export interface HttpBootServer {
  /** `http://host:port` it listens on (the real port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends idle keep-alive connections and waits for running transfers. */
  close(): Promise<void>;
}

/** iPXE binaries firmware may fetch by HTTP (UEFI HTTP boot: snponly.efi) or that operators link to. */
const IPXE_BINARY = /^\/([A-Za-z0-9_-][A-Za-z0-9._-]*\.(?:efi|kpxe|kkpxe|pxe|lkrn|iso))$/;
const NODE_SCRIPT = /^\/ipxe\/([^/]+)$/;
const DISCOVERY_SCRIPT = /^\/ipxe\/discovery\/([^/]+)$/;

function sendScript(req: IncomingMessage, res: ServerResponse, answer: ScriptAnswer): number {
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, {
    'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length), 'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return answer.status;
}

async function route(req: IncomingMessage, res: ServerResponse, options: HttpBootServerOptions, deps: ScriptRouteDeps): Promise<number> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/boot.ipxe') return sendScript(req, res, await entryScript(deps));
  const discovery = DISCOVERY_SCRIPT.exec(path);
  if (discovery?.[1] !== undefined) return sendScript(req, res, await discoveryScript(deps, discovery[1]));
  const node = NODE_SCRIPT.exec(path);
  if (node?.[1] !== undefined) return sendScript(req, res, await nodeScript(deps, node[1]));
  const binary = IPXE_BINARY.exec(path);
  const file = path.startsWith('/images/') ? await confinedPath(options.imageRoot, path.slice('/images/'.length))
    : binary?.[1] !== undefined ? await confinedPath(options.ipxeDir, binary[1]) : undefined;
  if (file === undefined) return sendScript(req, res, { status: 404, body: 'not found\n' });
  return (await serveFile(req, res, file)).status;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpBootServerOptions, deps: ScriptRouteDeps): Promise<void> {
  const startedAt = performance.now();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Length': '0' }).end();
    return;
  }
  try {
    const status = await route(req, res, options, deps);
    options.log.debug({ method: req.method, url: req.url, status, ms: Math.round(performance.now() - startedAt) }, 'boot request');
  } catch (error) {
    // A database or file error: 503 makes iPXE fall through to the next boot server, which may be fine.
    if (!res.headersSent) sendScript(req, res, { status: 503, body: 'boot data unavailable, try another boot server\n' });
    else res.destroy();
    const message = error instanceof Error ? error.message : String(error);
    options.log.warn({ method: req.method, url: req.url, err: message }, 'boot request failed');
  }
}

/** Starts the HTTP boot server (a listener of its own, apart from the Ironic API). */
export async function startHttpBootServer(options: HttpBootServerOptions): Promise<HttpBootServer> {
  const deps: ScriptRouteDeps = { reader: options.reader, settings: options.settings, log: options.log };
  const server: Server = createServer({ keepAliveTimeout: 5000 }, (req, res) => void handle(req, res, options, deps));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${String(port)}`,
    port,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => { if (error === undefined) resolve(); else reject(error); });
      server.closeIdleConnections();
    }),
  };
}
