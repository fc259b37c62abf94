import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { AgentCommandResult, AgentCommandStatus, JsonObject } from '../../../core/index.js';
import type { SelfSignedCert } from './self-signed-cert.js';

/** What a scripted command does when posted: its status now, and its result or error. */
export interface ScriptedOutcome {
  status: AgentCommandStatus;
  result?: JsonObject;
  error?: { type: string; message: string; details?: string };
}

/** One request the agent received (the token is kept only to check that it was sent). */
export interface ReceivedRequest {
  method: string;
  path: string;
  token: string | null;
  wait: string | null;
  body: JsonObject | undefined;
}

/**
 * An IPA-like agent API on 127.0.0.1 over HTTPS with a self-signed certificate: POST/GET /v1/commands/ with
 * token checks, a command list, and scripted outcomes per command name. Tests finish RUNNING commands by hand.
 */
export class ScriptedAgent {
  readonly requests: ReceivedRequest[] = [];
  readonly commands: AgentCommandResult[] = [];
  /** Outcome per command name (`standby.prepare_image`); absent names answer SUCCEEDED with an empty result. */
  readonly script = new Map<string, ScriptedOutcome | ((params: JsonObject) => ScriptedOutcome)>();
  token = '';
  /** When set, every request gets this status and body (busy agents, broken agents). */
  override: { status: number; body: JsonObject } | undefined;
  private server: Server | undefined;
  private counter = 0;

  constructor(readonly cert: SelfSignedCert) {}

  /** sha256 fingerprint of the certificate, as the conductor pins it. */
  get fingerprint(): string {
    return new X509Certificate(this.cert.cert).fingerprint256;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return `https://127.0.0.1:${String(address?.port ?? 0)}`;
  }

  async start(): Promise<void> {
    this.server = createServer({ key: this.cert.key, cert: this.cert.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'https://agent');
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text === '' ? undefined : JSON.parse(text) as JsonObject;
        this.requests.push({ method: req.method ?? '', path: url.pathname, token: url.searchParams.get('agent_token'), wait: url.searchParams.get('wait'), body });
        const [status, answer] = this.answer(req.method ?? '', url, body);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => { if (this.server) this.server.close(() => { resolve(); }); else resolve(); });
  }

  /** Ends a RUNNING command as the agent would. */
  finish(name: string, outcome: ScriptedOutcome): void {
    const command = [...this.commands].reverse().find((c) => c.command_name === name.split('.').pop());
    if (!command) throw new Error(`no command ${name}`);
    Object.assign(command, toResult(command.id, name, outcome));
  }

  /** Names of the commands posted, in order (`extension.command`). */
  posted(): string[] {
    return this.requests.filter((r) => r.method === 'POST').map((r) => String(r.body?.['name']));
  }

  private answer(method: string, url: URL, body: JsonObject | undefined): [number, JsonObject] {
    if (this.override) return [this.override.status, this.override.body];
    if (url.searchParams.get('agent_token') !== this.token) return [401, { faultcode: 'Client', faultstring: 'Token invalid.' }];
    if (method === 'GET' && url.pathname === '/v1/commands/') return [200, { commands: this.commands as unknown as JsonObject[] }];
    if (method !== 'POST' || url.pathname !== '/v1/commands/' || typeof body?.['name'] !== 'string') return [404, { faultcode: 'Client', faultstring: 'Not found' }];
    const name = body['name'];
    const scripted = this.script.get(name);
    const params = (body['params'] ?? {}) as JsonObject;
    const outcome = typeof scripted === 'function' ? scripted(params) : scripted ?? { status: 'SUCCEEDED', result: {} };
    this.counter += 1;
    const result = toResult(`cmd-${String(this.counter)}`, name, outcome);
    this.commands.push(result);
    return [200, result as unknown as JsonObject];
  }
}

function toResult(id: string, name: string, outcome: ScriptedOutcome): AgentCommandResult {
  return {
    id, command_name: name.split('.').pop() ?? name, command_status: outcome.status,
    command_error: outcome.error ? { type: outcome.error.type, code: 500, message: outcome.error.message, details: outcome.error.details ?? '' } : null,
    command_result: outcome.result ?? null,
  };
}
