import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AgentFault, JsonObject, Logger } from '../../core/index.js';
import { isJsonObject } from '../commands/agent-command.js';
import { AgentError } from '../commands/agent-error.js';
import type { CommandExecutor } from '../commands/command-executor.js';
import { readJsonBody } from './read-json-body.js';

/** What the command API serves. */
export interface AgentApiDeps {
  executor: CommandExecutor;
  /** The agent token once known (lookup or pregenerated); before that every command is refused. */
  token(): string | undefined;
  version: string;
  /** Seconds since the epoch, as IPA's GET /v1/status reports started_at. */
  startedAtS: number;
  maxBodyBytes: number;
  log: Logger;
}

const MEDIA_TYPE = 'application/vnd.openstack.ironic-python-agent.v1+json';

/** The request handler of IPA's REST API (ironic_python_agent/api/app.py), for node:http or node:https. */
export function createAgentApiHandler(deps: AgentApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void route(deps, req, res).catch((error: unknown) => {
      const known = error instanceof AgentError;
      if (!known)
        deps.log.error({ error: error instanceof Error ? error.stack : String(error) }, 'command API request failed');
      const status = known ? error.status : 500;
      send(res, status, fault(status, known ? error.message : 'Internal error; see the agent log.'));
    });
  };
}

async function route(deps: AgentApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://agent');
  // IPA serves every route both under /v1 and at the top level (app.py url_map).
  const path = url.pathname === '/v1' || url.pathname === '/v1/' ? '/v1/' : url.pathname.replace(/^\/v1(?=\/)/, '');
  const method = req.method ?? 'GET';
  const base = `${isTls(req) ? 'https' : 'http'}://${req.headers.host ?? 'agent'}`;
  if (url.pathname === '/' && method === 'GET') {
    send(res, 200, rootBody(base));
    return;
  }
  if (path === '/v1/' && method === 'GET') {
    send(res, 200, v1Body(base));
    return;
  }
  if (path === '/status' && method === 'GET') {
    send(res, 200, { started_at: deps.startedAtS, version: deps.version });
    return;
  }
  const commandId = /^\/commands\/([^/]+)$/.exec(path)?.[1];
  if (path !== '/commands/' && path !== '/commands' && commandId === undefined) {
    send(res, 404, fault(404, `Not Found: ${url.pathname.slice(0, 100)}`));
    return;
  }
  const allowed = commandId === undefined ? ['GET', 'POST'] : ['GET'];
  if (!allowed.includes(method)) {
    send(res, 405, fault(405, 'Method Not Allowed'));
    return;
  }
  if (!isTokenValid(url.searchParams.get('agent_token'), deps.token())) {
    send(res, 401, fault(401, 'Token invalid.'));
    return;
  }
  const wait = url.searchParams.get('wait')?.toLowerCase() === 'true';
  if (commandId !== undefined) {
    const result = deps.executor.get(decodeId(commandId));
    send(res, 200, wait ? await deps.executor.waitFor(result.id, closedSignal(req, res)) : result);
    return;
  }
  if (method === 'GET') {
    send(res, 200, { commands: deps.executor.list() });
    return;
  }
  const body = await readJsonBody(req, deps.maxBodyBytes);
  if (!isJsonObject(body) || typeof body['name'] !== 'string' || !isJsonObject(body['params'])) {
    throw new AgentError('InvalidContentError', 400, 'Invalid request body', 'Missing or invalid name or params');
  }
  const result = await deps.executor.execute(body['name'], body['params']);
  send(res, 200, wait ? await deps.executor.waitFor(result.id, closedSignal(req, res)) : result);
}

/** Compares in constant time (hashes first, so lengths leak nothing either); no token known = refuse. */
export function isTokenValid(given: string | null, expected: string | undefined): boolean {
  if (given === null || given === '' || expected === undefined || expected === '') return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A command id from the path; a malformed %-escape names no command (404), it is not a server error. */
function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function fault(status: number, faultstring: string): AgentFault {
  return { faultcode: status >= 500 ? 'Server' : 'Client', faultstring };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Aborted when the client goes away, so a `wait=true` request never outlives its caller. */
function closedSignal(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    controller.abort(new Error('client closed the connection'));
  });
  req.once('aborted', () => {
    controller.abort(new Error('client aborted the request'));
  });
  return controller.signal;
}

function isTls(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket && req.socket.encrypted === true;
}

const link = (href: string, rel: string, type?: string): JsonObject =>
  type === undefined ? { href, rel } : { href, rel, type };

function version(base: string): JsonObject {
  return {
    id: 'v1',
    links: [
      link(`${base}/v1/`, 'self'),
      link('https://docs.openstack.org/ironic-python-agent', 'describedby', 'text/html'),
    ],
  };
}

function rootBody(base: string): JsonObject {
  return {
    name: 'OpenStack Ironic Python Agent API',
    description: 'Ferro deploy agent, compatible with ironic-python-agent',
    versions: [version(base)],
    default_version: version(base),
  };
}

function v1Body(base: string): JsonObject {
  return {
    ...version(base),
    commands: [link(`${base}/v1/commands`, 'self'), link(`${base}/commands`, 'bookmark')],
    status: [link(`${base}/v1/status`, 'self'), link(`${base}/status`, 'bookmark')],
    media_types: [{ base: 'application/json', type: MEDIA_TYPE }],
  };
}
