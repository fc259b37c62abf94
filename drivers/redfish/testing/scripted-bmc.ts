import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { JsonObject, JsonValue } from '../../../core/index.js';

/** A request the BMC saw. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string>>;
  body: JsonValue | undefined;
}

/** A scripted answer; `hang` never answers, `delayMs` answers late, a string body is sent as is. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: JsonValue | string;
  delayMs?: number;
  hang?: boolean;
}

interface Override {
  method: string;
  path: string;
  reply: ScriptedReply | ((req: RecordedRequest) => ScriptedReply);
  times: number;
}


/**
 * A loopback Redfish BMC for unit tests (node:http on 127.0.0.1:0): serves a resource tree, records every
 * request, applies PATCHes, runs the common actions statefully (Reset, Insert/EjectMedia, SimpleUpdate with a
 * task monitor, Volumes, ResetBios) and lets a test script one-off answers: hangs, delays, 401, 503, bad JSON.
 */
export class ScriptedBmc {
  readonly resources = new Map<string, JsonObject>();
  readonly requests: RecordedRequest[] = [];
  /** When set, every request but the service root and session creation needs these credentials. */
  credentials: { username: string; password: string } | undefined;
  /** Send `ETag: W/"<n>"` on GET and answer 412 to a PATCH whose If-Match is not the current strong or weak tag. */
  etags = false;
  private readonly versions = new Map<string, number>();
  private readonly tokens = new Set<string>();
  private overrides: Override[] = [];
  private monitors = 0;
  private readonly sockets = new Set<Socket>();
  origin = '';

  private constructor(private readonly server: Server, tree: Record<string, JsonObject>) {
    for (const [path, body] of Object.entries(tree)) this.resources.set(path, structuredClone(body));
  }

  /** Starts a BMC serving `tree`. */
  static async start(tree: Record<string, JsonObject>): Promise<ScriptedBmc> {
    const server = createServer();
    const bmc = new ScriptedBmc(server, tree);
    server.on('request', (req, res) => void bmc.handle(req, res));
    server.on('connection', (socket) => { bmc.sockets.add(socket); socket.on('close', () => bmc.sockets.delete(socket)); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    bmc.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return bmc;
  }

  /** Answers the next `times` requests matching method and path with `reply`. */
  script(method: string, path: string, reply: Override['reply'], times = 1): void {
    this.overrides.push({ method, path, reply, times });
  }

  /** A resource (throws if absent). */
  resource(path: string): JsonObject {
    const body = this.resources.get(path);
    if (!body) throw new Error(`no resource ${path}`);
    return body;
  }

  /** Requests with `method` (and path, if given). */
  seen(method: string, path?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (path === undefined || r.path === path));
  }

  /** Stops the server and drops open connections (hung requests included). */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname);
    let body: JsonValue | undefined;
    try { body = text === '' ? undefined : (JSON.parse(text) as JsonValue); } catch { body = text; }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
    const request: RecordedRequest = { method: req.method ?? 'GET', path, headers, body };
    this.requests.push(request);
    const reply = this.overrideFor(request) ?? this.authFailure(request) ?? this.route(request);
    if (reply.hang) return;
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, { ...(payload ? { 'Content-Type': 'application/json' } : {}), ...reply.headers });
    res.end(payload);
  }

  private overrideFor(req: RecordedRequest): ScriptedReply | undefined {
    const match = this.overrides.find((o) => o.method === req.method && o.path === req.path);
    if (!match) return undefined;
    match.times -= 1;
    if (match.times <= 0) this.overrides = this.overrides.filter((o) => o !== match);
    return typeof match.reply === 'function' ? match.reply(req) : match.reply;
  }

  private authFailure(req: RecordedRequest): ScriptedReply | undefined {
    const creds = this.credentials;
    if (!creds || (req.method === 'GET' && req.path === '/redfish/v1') || (req.method === 'POST' && req.path === SESSIONS)) return undefined;
    const token = req.headers['x-auth-token'];
    const basic = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
    if ((token !== undefined && this.tokens.has(token)) || req.headers['authorization'] === basic) return undefined;
    return { status: 401, body: errorBody('Base.1.8.NoValidSession', 'There is no valid session established with the implementation.') };
  }

  private route(req: RecordedRequest): ScriptedReply {
    if (req.method === 'POST' && req.path === SESSIONS) return this.login(req);
    if (req.path.startsWith('/redfish/v1/TaskService/TaskMonitors/')) return this.monitor(req);
    const resource = this.resources.get(req.path);
    if (req.method === 'GET') return resource ? { body: resource, headers: this.etags ? { ETag: this.etag(req.path) } : {} } : notFound(req.path);
    if (req.method === 'PATCH') return resource ? this.patch(req, resource) : notFound(req.path);
    if (req.method === 'DELETE') return this.remove(req);
    if (req.method === 'POST') return this.post(req);
    return { status: 405 };
  }

  private login(req: RecordedRequest): ScriptedReply {
    const body = isObject(req.body) ? req.body : {};
    if (this.credentials && (body['UserName'] !== this.credentials.username || body['Password'] !== this.credentials.password)) {
      return { status: 401, body: errorBody('Base.1.8.ResourceAtUriUnauthorized', 'Invalid credentials') };
    }
    const token = `token-${this.tokens.size + 1}`;
    this.tokens.add(token);
    return { status: 201, headers: { 'X-Auth-Token': token, Location: `${SESSIONS}/${this.tokens.size}` }, body: { '@odata.id': `${SESSIONS}/${this.tokens.size}` } };
  }

  private etag(path: string): string {
    return `W/"${this.versions.get(path) ?? 0}"`;
  }

  private patch(req: RecordedRequest, resource: JsonObject): ScriptedReply {
    const ifMatch = req.headers['if-match'];
    if (this.etags && ifMatch !== undefined && ifMatch !== this.etag(req.path) && `W/${ifMatch}` !== this.etag(req.path)) {
      return { status: 412, body: errorBody('Base.1.8.PreconditionFailed', 'ETag mismatch') };
    }
    if (!isObject(req.body)) return { status: 400, body: errorBody('Base.1.8.MalformedJSON', 'bad body') };
    const { '@Redfish.SettingsApplyTime': _applyTime, ...changes } = req.body;
    merge(resource, changes);
    this.versions.set(req.path, (this.versions.get(req.path) ?? 0) + 1);
    return { status: 204 };
  }

  private remove(req: RecordedRequest): ScriptedReply {
    if (req.path.startsWith(SESSIONS)) return { status: 204 };
    if (!this.resources.delete(req.path)) return notFound(req.path);
    for (const body of this.resources.values()) {
      const members = body['Members'];
      if (Array.isArray(members)) body['Members'] = members.filter((m) => !(isObject(m) && m['@odata.id'] === req.path));
    }
    return { status: 204 };
  }

  private post(req: RecordedRequest): ScriptedReply {
    const collection = this.resources.get(req.path);
    if (collection && Array.isArray(collection['Members'])) return this.create(req, collection);
    for (const [owner, body] of this.resources) {
      for (const [name, action] of Object.entries(isObject(body['Actions']) ? body['Actions'] : {})) {
        if (isObject(action) && action['target'] === req.path) return this.act(name, owner, body, isObject(req.body) ? req.body : {});
      }
    }
    return notFound(req.path);
  }

  private create(req: RecordedRequest, collection: JsonObject): ScriptedReply {
    const members = collection['Members'] as JsonValue[];
    const path = `${req.path}/V${members.length + 1}-${this.requests.length}`;
    const { '@Redfish.OperationApplyTime': _applyTime, ...fields } = isObject(req.body) ? req.body : {};
    this.resources.set(path, { ...fields, '@odata.id': path, Id: path.split('/').pop() ?? '' });
    members.push({ '@odata.id': path });
    return { status: 201, headers: { Location: path } };
  }

  private act(name: string, owner: string, body: JsonObject, args: JsonObject): ScriptedReply {
    const handler = ACTIONS[name];
    return handler ? handler.call(this, owner, body, args) : { status: 204 };
  }

  private monitor(req: RecordedRequest): ScriptedReply {
    const id = req.path.split('/').pop() ?? '';
    const polls = this.versions.get(req.path) ?? 0;
    this.versions.set(req.path, polls + 1);
    if (polls === 0) return { status: 202, headers: { 'Retry-After': '1' }, body: { '@odata.id': `/redfish/v1/TaskService/Tasks/${id}`, TaskState: 'Running' } };
    return { status: 200, body: { '@odata.id': `/redfish/v1/TaskService/Tasks/${id}`, TaskState: 'Completed', TaskStatus: 'OK' } };
  }

  /** Starts a task monitor (202 + Location), as an update or a long action does. */
  startTask(): ScriptedReply {
    this.monitors += 1;
    return { status: 202, headers: { Location: `/redfish/v1/TaskService/TaskMonitors/${this.monitors}` } };
  }

  /** Moves pending BIOS settings into the BIOS, as a reset does (ApplyTime OnReset). */
  applyPendingSettings(): void {
    for (const [path, body] of this.resources) {
      const settings = isObject(body['@Redfish.Settings']) ? body['@Redfish.Settings'] : undefined;
      const object = settings && isObject(settings['SettingsObject']) ? settings['SettingsObject']['@odata.id'] : undefined;
      const pending = typeof object === 'string' ? this.resources.get(object) : undefined;
      if (!pending || !isObject(pending['Attributes']) || !isObject(body['Attributes'])) continue;
      merge(body['Attributes'], pending['Attributes']);
      pending['Attributes'] = {};
      this.versions.set(path, (this.versions.get(path) ?? 0) + 1);
    }
  }
}

const SESSIONS = '/redfish/v1/SessionService/Sessions';
const POWER_AFTER: Readonly<Record<string, string>> = {
  On: 'On', ForceOn: 'On', ForceOff: 'Off', GracefulShutdown: 'Off', ForceRestart: 'On', GracefulRestart: 'On', PushPowerButton: 'On',
};

const ACTIONS: Readonly<Record<string, (this: ScriptedBmc, owner: string, body: JsonObject, args: JsonObject) => ScriptedReply>> = {
  '#ComputerSystem.Reset'(_owner, body, args) {
    const type = typeof args['ResetType'] === 'string' ? args['ResetType'] : '';
    const after = POWER_AFTER[type];
    if (type === 'Nmi') return { status: 204 };
    if (after === undefined) return { status: 400, body: errorBody('Base.1.8.ActionParameterNotSupported', `ResetType ${type}`) };
    if (after === 'On') this.applyPendingSettings();
    body['PowerState'] = after;
    return { status: 204 };
  },
  '#VirtualMedia.InsertMedia'(_owner, body, args) {
    body['Image'] = args['Image'] ?? null;
    body['Inserted'] = true;
    return { status: 204 };
  },
  '#VirtualMedia.EjectMedia'(_owner, body) {
    body['Image'] = null;
    body['Inserted'] = false;
    return { status: 204 };
  },
  '#UpdateService.SimpleUpdate'() {
    return this.startTask();
  },
  '#Bios.ResetBios'(_owner, body) {
    body['Attributes'] = { BootMode: 'Uefi' };
    return { status: 204 };
  },
};

function merge(target: JsonObject, changes: JsonObject): void {
  for (const [key, value] of Object.entries(changes)) {
    const current = target[key];
    if (isObject(value) && isObject(current)) merge(current, value);
    else target[key] = value;
  }
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normalize(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function notFound(path: string): ScriptedReply {
  return { status: 404, body: errorBody('Base.1.8.ResourceMissingAtURI', `The resource at the URI ${path} was not found.`) };
}

/** A DSP0266 §9.7 error body. */
export function errorBody(messageId: string, message: string, args: string[] = []): JsonObject {
  return { error: { code: messageId, message, '@Message.ExtendedInfo': [{ MessageId: messageId, Message: message, MessageArgs: args }] } };
}

/** A node whose driver_info points at `bmc`. */
export function redfishNodeInfo(bmc: ScriptedBmc, extra: JsonObject = {}): JsonObject {
  return { redfish_address: bmc.origin, redfish_username: 'admin', redfish_password: 'secret', ...extra };
}
